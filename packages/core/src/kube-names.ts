import { z } from 'zod';

/*
 * Kubernetes' name rules, as patterns that carry the 63-character limit themselves: one check, so one
 * message per bad value, and written for Go's regexp (RE2) too, which helm checks values.schema.json with.
 */

/** A DNS-1123 label: the name of a Deployment, a Service, a namespace. */
export const DNS1123_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';
export const DNS1123_LABEL_RULE = 'lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

/** A (non-empty) label value, e.g. of infscale.io/variant. */
export const LABEL_VALUE_PATTERN = '^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
export const LABEL_VALUE_RULE = 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters';

/** Kubernetes' longest label, and so the longest name built for a Deployment here. */
export const MAX_KUBE_NAME = 63;

/** Why a value failed the DNS-1123 label rule and what would pass, or undefined when it passes. */
export function dnsLabelProblem(value: string, why: string): string | undefined {
  return new RegExp(DNS1123_LABEL_PATTERN).test(value) ? undefined : dnsLabelMessage(why);
}

const dnsLabelMessage = (why: string) => `must be a Kubernetes DNS-1123 label (${DNS1123_LABEL_RULE}, e.g. resnet-50): ${why}`;

/** A string field that must be a DNS-1123 label; `why` says what the name becomes, so the error can say it. */
export function dnsLabelSchema(why: string) {
  return z.string().regex(new RegExp(DNS1123_LABEL_PATTERN), dnsLabelMessage(why));
}

/** A string field that must be a Kubernetes label value; `why` says which label carries it. */
export function labelValueSchema(why: string) {
  return z.string().regex(new RegExp(LABEL_VALUE_PATTERN), `must be a Kubernetes label value (${LABEL_VALUE_RULE}, e.g. resnet_50.v2): ${why}`);
}
