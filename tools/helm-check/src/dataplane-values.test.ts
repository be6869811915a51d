/** The data plane off, and the data plane's own values (ports, limits, images, settings), rendered by helm. */
import { mergeValues } from './merge-values';
import { isProxyDeployment } from './policy';
import { objectOf, render, renderCase, renderNotes, valueCases, valueProblems } from './test-support/charts';
import type { Value } from './merge-values';
import { type Any, ON, proxiesOf, processConfigOf, servicePort, volumeAt, TOKEN_DIR } from './test-support/proxies';

describe('data plane off', () => {
  it.each(valueCases())('renders no proxy and leaves the config unwired with $name', (c) => {
    const off = { dataplane: { enabled: false } };
    const rendered = renderCase(c, off);
    expect(rendered.objects.filter((o) => o.template.endsWith('proxies.yaml') || isProxyDeployment(o.object))).toEqual([]);
    const config = processConfigOf(rendered);
    expect(config.kubernetes.routing.adminUrls).toEqual({});
    expect(JSON.stringify(config)).not.toMatch(/-dispatcher|-queue:|-router|-edf:/);
    expect(config.kubernetes.adminTokenFile).toBeUndefined();
    expect(rendered.objects.filter((o) => ['Secret', 'NetworkPolicy'].includes(String(o.object.kind)))).toEqual([]);
    expect(volumeAt(objectOf(rendered, 'Deployment', 'demo') as Any, TOKEN_DIR)).toBeUndefined();
    expect(renderNotes(mergeValues(c.values, off), c.files)).not.toMatch(/Data plane/);
  });
});

describe('data plane values', () => {
  it('keeps what the user set: ipa.stageQueues, sponge.modelServerHook.urls and the EDF queries', () => {
    const ipa = processConfigOf(render({ scaler: 'ipa', ...ON, ipa: { stageQueues: { yolo: 'http://mine:9000' } } }));
    expect(ipa.kubernetes.stageQueues).toEqual({ yolo: 'http://mine:9000' });
    const sponge = processConfigOf(
      render({
        scaler: 'sponge',
        ...ON,
        sponge: { modelServerHook: { urls: ['http://mine:9000/admin/config'] } },
        prometheus: { queries: { queueLength: 'sum(my_queue{namespace="{{namespace}}"})' } },
      }),
    );
    expect((sponge.scaler.modelServerHook as Any).urls).toEqual(['http://mine:9000/admin/config']);
    expect(sponge.prometheus.queries.queueLength).toBe('sum(my_queue{namespace="{{namespace}}"})');
    expect(sponge.prometheus.queries.remainingBudgetBuckets).toMatch(/pod=~"demo-edf-/);
  });

  it('follows the admin and metrics ports and the limits; --max-queue only where requests queue; no NetworkPolicy when off', async () => {
    const r = render({
      scaler: 'ipa',
      dataplane: {
        enabled: true,
        adminPort: 9000,
        metricsPort: 9100,
        maxBodyBytes: 1024,
        upstreamTimeoutMs: 1500,
        maxQueue: 7,
        networkPolicy: { enabled: false },
      },
    });
    const proxies = await proxiesOf(r);
    for (const p of proxies) {
      expect(p.flags).toMatchObject({ adminPort: '9000', metricsPort: '9100', maxBodyBytes: '1024', upstreamTimeoutMs: '1500' });
      expect(servicePort(p, 'metrics')).toBe(9100);
      expect(p.flags.maxQueue).toBe(p.kind === 'stage-queue' ? '7' : undefined); // the router has no queue, nor the flag
      expect(p.deployment.spec.template.spec.containers[0].args.includes('--max-queue')).toBe(p.kind === 'stage-queue');
      expect(servicePort(p, 'admin')).toBe(9000);
    }
    expect(processConfigOf(r).kubernetes.stageQueues).toEqual({ yolo: 'http://demo-yolo-queue:9000', 'resnet-human': 'http://demo-resnet-human-queue:9000' });
    expect(r.objects.filter((o) => o.object.kind === 'NetworkPolicy')).toEqual([]);
    const [edf] = await proxiesOf(render({ scaler: 'sponge', dataplane: { enabled: true } }));
    expect(edf!.flags.upstreamTimeoutMs).toBeUndefined(); // null: the EDF proxy's own default (its SLO)
    expect(edf!.deployment.spec.template.spec.containers[0].args).toContain('--max-queue');
  });

  it('refuses equal ports: each is a listener of the proxy', () => {
    expect(() => render({ scaler: 'ipa', dataplane: { enabled: true, metricsPort: 8081 } })).toThrow(
      /dataplane\.port \(8080\), dataplane\.adminPort \(8081\) and dataplane\.metricsPort \(8081\) must differ/,
    );
    expect(() => render({ scaler: 'sponge', dataplane: { enabled: true, port: 9465 } })).toThrow(/must differ/);
  });

  it('follows port, image, stage-queue and EDF settings', async () => {
    const ipa = await proxiesOf(render({ scaler: 'ipa', dataplane: { enabled: true, port: 9090, stageQueue: { maxWaitMs: 250, predictPath: '/v2/infer' } } }));
    expect(ipa[0]!.flags).toMatchObject({ port: '9090', maxWaitMs: '250', replica: ['http://video-yolo:8080/v2/infer'] });
    expect(ipa[0]!.service.spec.ports[0]).toMatchObject({ port: 9090, targetPort: 'http' });
    const spongeValues = { scaler: 'sponge', dataplane: { enabled: true, image: { repository: 'reg/dp', tag: 't' }, edf: { late: 'serve-late', cores: 4 } } };
    const sponge = render(spongeValues);
    const [edf] = await proxiesOf(sponge);
    expect(edf!.flags).toMatchObject({ late: 'serve-late', cores: '4', upstream: 'http://resnet18:8080/v1/models/resnet18:predict' });
    expect(edf!.deployment.spec.template.spec.containers[0].image).toBe('reg/dp:t');
    expect(renderNotes(spongeValues)).toMatch(/send requests to service demo-edf, port 8080/);
    expect(renderNotes(spongeValues)).toMatch(/\/metrics are on port 9465 \(Service port metrics\), not on the traffic port/);
  });

  it('are rejected by the schema when wrong, naming the field', () => {
    const problems = (dataplane: Value): string => valueProblems({ dataplane }).join('\n');
    expect(problems({ port: 0 })).toMatch(/^dataplane\.port: /m);
    expect(problems({ edf: { late: 'never' } })).toMatch(/^dataplane\.edf\.late: /m);
    expect(problems({ edf: { upstream: 'https://x' } })).toMatch(/^dataplane\.edf\.upstream: /m);
    expect(problems({ edf: { cores: 0 } })).toMatch(/^dataplane\.edf\.cores: /m);
    expect(problems({ stageQueue: { predictPath: 'v1' } })).toMatch(/^dataplane\.stageQueue\.predictPath: /m);
    expect(problems({ replicas: 2 })).toMatch(/^dataplane: additional properties 'replicas' not allowed$/m);
    expect(problems({ adminPort: 0 })).toMatch(/^dataplane\.adminPort: /m);
    expect(problems({ metricsPort: 70_000 })).toMatch(/^dataplane\.metricsPort: /m);
    expect(problems({ maxBodyBytes: 0 })).toMatch(/^dataplane\.maxBodyBytes: /m);
    expect(problems({ upstreamTimeoutMs: '1s' })).toMatch(/^dataplane\.upstreamTimeoutMs: /m);
    expect(problems({ maxQueue: 0 })).toMatch(/^dataplane\.maxQueue: /m);
    expect(problems({ networkPolicy: { enabled: 'yes' } })).toMatch(/^dataplane\.networkPolicy\.enabled: /m);
    expect(problems({ enabled: true, edf: { cores: 2 } })).toBe('');
  });
});
