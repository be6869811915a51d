import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHART_DIR } from './test-support/charts';

const ROOT = join(CHART_DIR, '../..');
const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as { properties: { scaler: { enum: string[] } } };

// The chart runs `infscale/<scaler>` images built from the root Dockerfile; the image must start the
// very file each app builds and publishes as its bin, or a pod would crash-loop on a missing path.
describe('the image the chart runs', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it('starts apps/<SCALER>/dist/main.js with the chart\'s --config path', () => {
    expect(dockerfile).toMatch(/ENTRYPOINT \[.*exec node apps\/\$\{SCALER\}\/dist\/main\.js/);
    expect(dockerfile).toMatch(/CMD \["--config", "\/etc\/infscale\/config\.yaml"\]/);
  });

  it.each(schema.properties.scaler.enum)('%s: an app whose bin and main are that file', (scaler) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'apps', scaler, 'package.json'), 'utf8')) as { main: string; bin: Record<string, string> };
    expect(pkg.main).toBe('dist/main.js');
    expect(Object.values(pkg.bin)).toEqual(['dist/main.js']);
    expect(existsSync(join(ROOT, 'apps', scaler, 'src', 'main.ts'))).toBe(true);
  });
});
