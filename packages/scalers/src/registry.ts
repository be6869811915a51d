import { hpaEntry } from './hpa/entry';
import { infAdapterEntry } from './infadapter/entry';
import { ipaEntry } from './ipa/entry';
import { msPlusEntry } from './ms-plus/entry';
import { ScalerRegistry } from './scaler-registry';
import { spongeEntry } from './sponge/entry';
import { staticEntry } from './static/entry';
import { vpaEntry } from './vpa/entry';

/**
 * Every scaler, by name: the one list the apps, the CLI, the experiments, the chart's schema and RBAC
 * checks, the dashboards and the Dockerfile's check read. A new scaler is a folder under src/ with
 * its entry (defineScaler), and one line here.
 */
export const scalerRegistry = new ScalerRegistry([staticEntry, vpaEntry, hpaEntry, infAdapterEntry, msPlusEntry, ipaEntry, spongeEntry]);
