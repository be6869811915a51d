export { loadChart, renderChart, type Chart, type Release, type RenderedChart, type RenderedObject } from './chart';
export { kubeSchemaProblem } from './kube-schemas';
export { mergeValues } from './merge-values';
export { policyViolations } from './policy';
export { expectedRoleRules, FORBIDDEN_VERBS, ROUTING_CONFIGMAP, type PolicyRule } from './rbac-policy';
export { TemplateSet } from './template/evaluate';
export { TemplateError } from './template/errors';
export { renderString } from './template/render-string';
export { validateValues, type ValuesProblem } from './values-schema';
