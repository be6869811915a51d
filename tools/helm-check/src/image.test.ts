import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scalerRegistry } from '@infscale/scalers';
import { CHART_DIR } from './test-support/charts';

const ROOT = join(CHART_DIR, '../..');
const DEPLOYED = scalerRegistry.deployed.map((e) => e.name);

// The chart runs `infscale/<scaler>` images built from the root Dockerfile; the image must start the
// very file each app builds and publishes as its bin, or a pod would crash-loop on a missing path.
describe('the image the chart runs', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it("starts apps/<SCALER>/dist/main.js with the chart's --config path", () => {
    expect(dockerfile).toMatch(/ENTRYPOINT \[.*exec node apps\/\$\{SCALER\}\/dist\/main\.js/);
    expect(dockerfile).toMatch(/CMD \["--config", "\/etc\/infscale\/config\.yaml"\]/);
  });

  it('has a dataplane target with the CLI the proxies run (node tools/cli/bin/infscale.js from /app, as 65532), not the default', () => {
    const stages = dockerfile.split(/^FROM /m).slice(1);
    const dataplane = stages.find((s) => /^\S+ AS dataplane\b/.test(s)) ?? '';
    expect(dataplane).toMatch(/^WORKDIR \/app$/m);
    expect(dataplane).toMatch(/^COPY --from=build \/src\/tools\/cli \.\/tools\/cli$/m);
    expect(dataplane).toMatch(/^USER 65532:65532$/m);
    expect(dataplane).toMatch(/ENTRYPOINT \["node", "tools\/cli\/bin\/infscale\.js"\]/);
    // The last stage is what a build without --target makes: still the scaler.
    expect(stages.at(-1)).toMatch(/^\S+ AS runtime\b/);
    expect(existsSync(join(ROOT, 'tools', 'cli', 'bin', 'infscale.js'))).toBe(true);
    const cli = JSON.parse(readFileSync(join(ROOT, 'tools', 'cli', 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(cli.bin.infscale).toBe('bin/infscale.js');
    // Every tools/ package the CLI needs at run time is copied into the image.
    for (const dep of Object.keys(cli.dependencies).filter((d) => d.startsWith('@infscale/tool-'))) {
      const dir = dep.slice('@infscale/tool-'.length);
      expect(dataplane).toContain(`COPY --from=build /src/tools/${dir} ./tools/${dir}`);
    }
  });

  it('names the scalers the registry deploys, and no other, where a build without SCALER is refused', () => {
    const check = /RUN test -n "\$\{SCALER\}" \|\| \(echo "build with --build-arg SCALER=([\w|-]+)"/.exec(dockerfile);
    expect(check?.[1]?.split('|')).toEqual(DEPLOYED);
  });

  it.each(DEPLOYED)('%s: an app whose bin and main are that file', (scaler) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'apps', scaler, 'package.json'), 'utf8')) as { main: string; bin: Record<string, string> };
    expect(pkg.main).toBe('dist/main.js');
    expect(Object.values(pkg.bin)).toEqual(['dist/main.js']);
    expect(existsSync(join(ROOT, 'apps', scaler, 'src', 'main.ts'))).toBe(true);
  });
});
