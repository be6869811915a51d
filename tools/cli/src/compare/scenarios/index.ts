import type { Scenario } from '../scenario';
import { infAdapterScenario } from './infadapter';
import { spongeComparison } from './sponge';

// Each scenario file adds one line here.
export const scenarios: Scenario[] = [spongeComparison(), infAdapterScenario];
