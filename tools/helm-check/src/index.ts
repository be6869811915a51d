export { kubeSchemaProblem } from './kube-schemas';
export { mergeValues, type Value } from './merge-values';
export { policyViolations, type RenderedObject } from './policy';
export { ACTUATOR_STEPS, permissionsOf, SCALER_STEPS, scalerSteps, type ActuatorStep, type ScalerOptions } from './actuator-steps';
export { expectedRoleRules, FORBIDDEN_VERBS, isScalerName, ROUTING_CONFIGMAP, SCALERS, type PolicyRule, type RoleNames, type ScalerName } from './rbac-policy';
