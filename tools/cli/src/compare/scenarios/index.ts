import type { Scenario } from '../scenario';

// Each scenario file adds one line here.
export const scenarios: Scenario[] = [];
