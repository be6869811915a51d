import type { Scenario } from './scenario';
import { infAdapterComparison } from './infadapter/comparison';
import { ipaComparison } from './ipa/comparison';
import { spongeComparison } from './sponge/comparison';

/** The comparisons `infscale compare --scenario` runs; each scenario folder adds one line here. */
export const scenarios: Scenario[] = [spongeComparison(), ipaComparison, infAdapterComparison];
