export { kubeSchemaProblem } from './kube-schemas';
export { mergeValues, type Value } from './merge-values';
export { policyViolations, type RenderedObject } from './policy';
export { ACTUATOR_STEPS, permissionsOf, scalerSteps, stepsFor, type ActuatorStep, type ScalerOptions } from './actuator-steps';
export { expectedRoleRules, FORBIDDEN_VERBS, ROUTING_CONFIGMAP, type PolicyRule, type RoleNames } from './rbac-policy';
