import { z } from 'zod';

/*
 * Kubernetes' name rules, the one place they are written. The label patterns carry the 63-character
 * limit themselves: one check, so one message per bad value. All are written for Go's regexp (RE2)
 * too, which helm checks values.schema.json with: no look-arounds, no back-references.
 */

// The rules' bodies, unanchored, so that the rules made of others are built from them.
const LABEL = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?';
const DNS1035 = '[a-z]([-a-z0-9]{0,61}[a-z0-9])?';
const SUBDOMAIN = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const LABEL_VALUE = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';

/** A DNS-1123 label: the name of a Service, a namespace, a container, and of the Deployments made here. */
export const DNS1123_LABEL_PATTERN = `^${LABEL}$`;
export const DNS1123_LABEL_RULE = 'lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

/** A DNS-1035 label: what a Service's name must be (a DNS-1123 label that starts with a letter). */
export const DNS1035_LABEL_PATTERN = `^${DNS1035}$`;
export const DNS1035_LABEL_RULE = 'lower-case letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters';

/**
 * A DNS-1123 subdomain: the name Kubernetes allows a Deployment (and most objects). Its 253-character
 * limit is not in the pattern (RE2 cannot count across the parts): check MAX_DNS1123_SUBDOMAIN too.
 */
export const DNS1123_SUBDOMAIN_PATTERN = `^${SUBDOMAIN}$`;
export const MAX_DNS1123_SUBDOMAIN = 253;
export const DNS1123_SUBDOMAIN_RULE = `lower-case letters, digits, "-" and ".", each "."-separated part starting and ending with a letter or digit, at most ${MAX_DNS1123_SUBDOMAIN} characters`;

/** A (non-empty) label value, e.g. of infscale.io/variant. */
export const LABEL_VALUE_PATTERN = `^${LABEL_VALUE}$`;
export const LABEL_VALUE_RULE = 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters';

/** A qualified name: a label key, a condition type (infscale.io/resized): an optional subdomain prefix and "/", then a name. */
export const QUALIFIED_NAME_PATTERN = `^(${SUBDOMAIN}/)?${LABEL_VALUE}$`;
export const QUALIFIED_NAME_RULE = `an optional DNS-1123 subdomain and "/", then ${LABEL_VALUE_RULE}`;

/** Kubernetes' longest label, and so the longest name built for a Deployment here. */
export const MAX_KUBE_NAME = 63;

const labelRegex = new RegExp(DNS1123_LABEL_PATTERN);
const subdomainRegex = new RegExp(DNS1123_SUBDOMAIN_PATTERN);

/** The message of a broken rule: which rule, what would pass, an example, and `why` the value must follow it. */
const mustBe = (what: string, rule: string, example: string) => (why: string) => `must be a Kubernetes ${what} (${rule}, e.g. ${example}): ${why}`;
const dns1035Message = mustBe('DNS-1035 label', DNS1035_LABEL_RULE, 'resnet-50');
const labelMessage = mustBe('DNS-1123 label', DNS1123_LABEL_RULE, 'resnet-50');
const subdomainMessage = mustBe('DNS-1123 subdomain', DNS1123_SUBDOMAIN_RULE, 'resnet-50.v2');
const labelValueMessage = mustBe('label value', LABEL_VALUE_RULE, 'resnet_50.v2');
const qualifiedNameMessage = mustBe('qualified name', QUALIFIED_NAME_RULE, 'infscale.io/resized');

/** Why a value failed the DNS-1123 label rule and what would pass, or undefined when it passes. */
export function dnsLabelProblem(value: string, why: string): string | undefined {
  return labelRegex.test(value) ? undefined : labelMessage(why);
}

/** Why a value failed the DNS-1123 subdomain rule (a Deployment's name) and what would pass, or undefined when it passes. */
export function dnsSubdomainProblem(value: string, why: string): string | undefined {
  return value.length <= MAX_DNS1123_SUBDOMAIN && subdomainRegex.test(value) ? undefined : subdomainMessage(why);
}

/** A string field that must be a DNS-1123 label; `why` says what the name becomes, so the error can say it. */
export function dnsLabelSchema(why: string) {
  return z.string().regex(labelRegex, labelMessage(why));
}

/**
 * A string field that must be a DNS-1123 subdomain (an object known only by its own name: a Lease, a Deployment
 * not also named in a label or a Service); `why` says what it becomes. The 253 limit is a check of its own (RE2),
 * stopping there, so a value too long and badly formed gets the one message; JSON Schema carries both.
 */
export function dnsSubdomainSchema(why: string) {
  const message = subdomainMessage(why);
  return z.string().max(MAX_DNS1123_SUBDOMAIN, { message, abort: true }).regex(subdomainRegex, message);
}

/** A string field that must be a DNS-1035 label (it names a Service or starts one's name); `why` says what it becomes. */
export function dns1035LabelSchema(why: string) {
  return z.string().regex(new RegExp(DNS1035_LABEL_PATTERN), dns1035Message(why));
}

/** A string field that must be a Kubernetes label value; `why` says which label carries it. */
export function labelValueSchema(why: string) {
  return z.string().regex(new RegExp(LABEL_VALUE_PATTERN), labelValueMessage(why));
}

/** A string field that must be a Kubernetes qualified name; `why` says what it names. */
export function qualifiedNameSchema(why: string) {
  return z.string().regex(new RegExp(QUALIFIED_NAME_PATTERN), qualifiedNameMessage(why));
}
