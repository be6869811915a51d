import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmTemplate } from '@infscale/kube/testing';
import { kubeSchemaProblem } from './kube-schemas';
import { parse } from 'yaml';
import { CHART_DIR, objectOf, render, RELEASE, renderedConfigText, shippedDashboards } from './test-support/charts';
import type { Value } from './merge-values';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('optional parts', () => {
  it('renders no ServiceMonitor and no dashboards by default', () => {
    const kinds = render({}).objects.map((o) => `${String(o.object.kind)}/${String((o.object.metadata as Any).name)}`);
    expect(kinds.filter((k) => k.startsWith('ServiceMonitor') || k.includes('dashboard'))).toEqual([]);
  });

  it("renders a ServiceMonitor that selects the metrics Service, with the operator's label", () => {
    const r = render({ serviceMonitor: { enabled: true, labels: { release: 'kps' } } });
    const monitor = objectOf(r, 'ServiceMonitor') as Any;
    const service = objectOf(r, 'Service', '-metrics') as Any;
    expect(kubeSchemaProblem(monitor)).toBeUndefined();
    expect(monitor.metadata.labels.release).toBe('kps');
    expect(monitor.spec.selector.matchLabels).toEqual(
      Object.fromEntries(Object.entries(service.metadata.labels).filter(([k]) => k in monitor.spec.selector.matchLabels)),
    );
    expect(monitor.spec.namespaceSelector.matchNames).toEqual([RELEASE.namespace]);
    expect(monitor.spec.endpoints[0].port).toBe(service.spec.ports[0].name);
  });

  it('IPA with stage queues: their URLs go to the actuator, and the batch lives only there (batchEnv false)', () => {
    const kube = (values: Record<string, unknown>) => (parse(renderedConfigText(render({ scaler: 'ipa', ...values }))) as Any).spec.kubernetes;
    expect(kube({})).toMatchObject({ stageQueues: {}, batchEnv: true });
    const queued = kube({ ipa: { stageQueues: { yolo: 'http://video-yolo-queue:8080' } } });
    expect(queued).toMatchObject({ stageQueues: { yolo: 'http://video-yolo-queue:8080' }, batchEnv: false });
  });

  it("passes Prometheus credentials and TLS from Secrets as the runtime's env vars, never in the config", () => {
    const r = render({ prometheus: { auth: { type: 'basic', secretName: 'prom-basic' }, tls: { secretName: 'prom-ca', insecureSkipVerify: false } } });
    const container = (objectOf(r, 'Deployment') as Any).spec.template.spec.containers[0];
    const fromSecret = container.env
      .filter((e: Any) => e.valueFrom?.secretKeyRef)
      .map((e: Any) => `${e.name}=${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`);
    expect(fromSecret).toEqual([
      'INFSCALE_PROMETHEUS_USERNAME=prom-basic/username',
      'INFSCALE_PROMETHEUS_PASSWORD=prom-basic/password',
      'INFSCALE_PROMETHEUS_TLS_CA=prom-ca/ca.crt',
      'INFSCALE_PROMETHEUS_TLS_CERT=prom-ca/tls.crt',
      'INFSCALE_PROMETHEUS_TLS_KEY=prom-ca/tls.key',
    ]);
    expect(container.volumeMounts.map((m: Any) => m.name)).toEqual(['config', 'tmp']);
    const config = parse(renderedConfigText(r)) as Any;
    expect(config.spec.prometheus.tls).toEqual({ insecureSkipVerify: false });
    expect(config.spec.prometheus).not.toHaveProperty('auth');
    const bearer = (objectOf(render({ prometheus: { auth: { type: 'bearer', secretName: 'prom-token' } } }), 'Deployment') as Any).spec.template.spec
      .containers[0].env;
    expect(bearer).toContainEqual({ name: 'INFSCALE_PROMETHEUS_BEARER_TOKEN', valueFrom: { secretKeyRef: { name: 'prom-token', key: 'token' } } });
  });

  it("puts the pod template and per-variant images in the kubernetes section, and Sponge's target instead of a template", () => {
    const kube = (v: Value): Any => (parse(renderedConfigText(render(v))) as Any).spec.kubernetes;
    const infadapter = kube({ infadapter: { variants: [{ name: 'resnet18', image: 'r/18:1' }, { name: 'resnet50' }] } });
    expect(infadapter.images).toEqual({ resnet18: 'r/18:1' });
    expect(infadapter.template.spec.containers[0].name).toBe('model');
    const ipa = kube({ scaler: 'ipa', ipa: { images: { yolov5s: 'r/yolo:s' } } });
    expect(ipa).toMatchObject({ images: { yolov5s: 'r/yolo:s' }, template: { spec: { containers: [{ name: 'model' }] } } });
    const sponge = kube({ scaler: 'sponge', sponge: { containerName: 'server' } });
    expect(sponge).toMatchObject({ targets: ['resnet18'], container: 'server', batchEnv: false });
    expect(sponge).not.toHaveProperty('template');
  });

  it('uses infscale/<scaler>:<appVersion> unless the image is set', () => {
    const image = (v: Value): string => (objectOf(render(v), 'Deployment') as Any).spec.template.spec.containers[0].image;
    expect(image({ scaler: 'sponge' })).toBe('infscale/sponge:0.1.0');
    expect(image({ image: { repository: 'reg.local/x', tag: 'abc' } })).toBe('reg.local/x:abc');
  });
});

describe('dashboards hook', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'helm-check-'));
    cpSync(CHART_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'dashboards', 'overview.json'), JSON.stringify({ title: 'infscale overview', panels: [] }, null, 2));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders each listed dashboards/<name>.json as a sidecar ConfigMap', () => {
    const r = helmTemplate(
      { dashboards: { enabled: true, files: ['overview'], annotations: { grafana_folder: 'infscale' } } },
      { chartDir: dir, release: RELEASE },
    );
    const cm = r.objects.find((o) => String((o.object.metadata as Any).name).endsWith('dashboard-overview'))?.object as Any;
    expect(kubeSchemaProblem(cm)).toBeUndefined();
    expect(cm.metadata.labels.grafana_dashboard).toBe('1');
    expect(cm.metadata.annotations.grafana_folder).toBe('infscale');
    expect(JSON.parse(cm.data['overview.json'])).toEqual({ title: 'infscale overview', panels: [] });
  });

  it('fails the render when a listed dashboard file is missing', () => {
    expect(() => helmTemplate({ dashboards: { enabled: true, files: ['absent'] } }, { chartDir: dir, release: RELEASE })).toThrow(
      /dashboards\/absent\.json is not in the chart/,
    );
  });

  it('renders every dashboard the chart ships, each parsing as JSON', () => {
    const shipped = shippedDashboards();
    const r = render({ dashboards: { enabled: true, files: shipped } });
    const maps = r.objects.filter((o) => String((o.object.metadata as Any).name).includes('-dashboard-'));
    expect(maps).toHaveLength(shipped.length);
    for (const m of maps) for (const text of Object.values((m.object as Any).data)) expect(() => JSON.parse(text as string)).not.toThrow();
  });
});
