import type { Scenario } from '../scenario';
import { infAdapterScenario } from './infadapter';
import { spongeComparison } from './sponge';
import { ipaComparison } from './ipa';

// Each scenario file adds one line here.
export const scenarios: Scenario[] = [spongeComparison(), ipaComparison, infAdapterScenario];
