/**
 * The data plane (dataplane.enabled, templates/proxies.yaml + _dataplane.tpl). Every rendered proxy's
 * args are parsed by the CLI's own commander program (tools/cli) and the proxy is built and started
 * from them, so a renamed or tightened flag fails here. The scaler's side is read the way the app reads
 * it: the rendered config through packages/runtime's parser, the scaler section through the scaler's
 * own schema, and the model Services' names from packages/scalers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_QUERIES, POD_SUFFIX_REGEX } from '@infscale/metrics';
import { parseProcessConfig, type ProcessConfig } from '@infscale/runtime';
import { deploymentOf, infAdapterConfigSchema, ipaConfigSchema, ipaDeploymentFor, resolveIpaPipeline, type InfAdapterConfig } from '@infscale/scalers';
import { postStageSettings } from '@infscale/kube';
import { buildProgram, startProxy, type ProxyKind } from '@infscale/tool-cli';
import { kubeSchemaProblem } from './kube-schemas';
import { mergeValues } from './merge-values';
import { isProxyDeployment, policyViolations } from './policy';
import {
  documentedRoleRules,
  objectOf,
  render,
  renderCase,
  RELEASE,
  renderedConfigText,
  renderNotes,
  valueCases,
  valueProblems,
  type Render,
} from './test-support/charts';
import type { Value } from './merge-values';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Flags = Record<string, unknown>;

interface Proxy {
  name: string;
  deployment: Any;
  service: Any;
  kind: ProxyKind;
  flags: Flags;
}

const ON: Value = { dataplane: { enabled: true } };
const POD_ENV = { POD_NAME: 'demo-7d9f8c6b5-x2x4z', POD_NAMESPACE: RELEASE.namespace, INFSCALE_PROMETHEUS_BEARER_TOKEN: 'from-a-secret' };

/** Parses `proxy <kind> …` with the CLI's commander program; the kind's action only records the flags. */
async function parseProxyArgs(args: string[]): Promise<{ kind: ProxyKind; flags: Flags }> {
  const errors: string[] = [];
  const program = buildProgram({ out: () => undefined, err: (t) => void errors.push(t) });
  let parsed: { kind: ProxyKind; flags: Flags } | undefined;
  const proxy = program.commands.find((c) => c.name() === 'proxy');
  for (const sub of proxy?.commands ?? []) {
    sub.exitOverride().action((flags: Flags) => void (parsed = { kind: sub.name() as ProxyKind, flags }));
  }
  try {
    await program.parseAsync(['node', 'infscale', ...args]);
  } catch (e) {
    throw new Error(`the CLI rejects ${JSON.stringify(args)}: ${errors.join(' ') || String(e)}`);
  }
  if (!parsed) throw new Error(`no proxy kind in ${JSON.stringify(args)}`);
  return parsed;
}

async function proxiesOf(rendered: Render): Promise<Proxy[]> {
  const out: Proxy[] = [];
  for (const { object } of rendered.objects) {
    if (object.kind !== 'Deployment' || !isProxyDeployment(object)) continue;
    const deployment = object as Any;
    const name = deployment.metadata.name as string;
    const service = rendered.objects.find((o) => o.object.kind === 'Service' && (o.object.metadata as Any).name === name)?.object as Any;
    const { kind, flags } = await parseProxyArgs(deployment.spec.template.spec.containers[0].args as string[]);
    out.push({ name, deployment, service, kind, flags });
  }
  return out;
}

/** The config the scaler process builds from the rendered config.yaml (the runtime's own parser). */
function processConfigOf(rendered: Render): ProcessConfig {
  const raw = parse(renderedConfigText(rendered)) as Record<string, unknown>;
  return parseProcessConfig(raw, 'config.yaml', { name: String((rendered.values as Any).scaler), env: POD_ENV });
}

const servicePort = (p: Proxy, name: string): number => (p.service.spec.ports as Any[]).find((port) => port.name === name)?.port;
const serviceUrl = (p: Proxy): string => `http://${p.service.metadata.name}:${servicePort(p, 'http')}`;
const adminServiceUrl = (p: Proxy): string => `http://${p.service.metadata.name}:${servicePort(p, 'admin')}`;
const podSpec = (deployment: Any): Any => deployment.spec.template.spec;
/** The volume mounted at a path of a Deployment's first container. */
const volumeAt = (deployment: Any, dir: string): Any | undefined => {
  const mount = (podSpec(deployment).containers[0].volumeMounts as Any[]).find((m) => m.mountPath === dir);
  return (podSpec(deployment).volumes as Any[]).find((v) => v.name === mount?.name);
};
const TOKEN_DIR = '/etc/infscale/admin';
const selects = (selector: Record<string, string>, labels: Record<string, string> = {}): boolean =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
const byKind = (proxies: Proxy[], kind: ProxyKind): Proxy[] => proxies.filter((p) => p.kind === kind);
const modelService = (rendered: Render, url: string): Any | undefined => {
  const { hostname, port } = new URL(url);
  return rendered.objects.find(
    (o) => o.template.endsWith('model-services.yaml') && (o.object.metadata as Any).name === hostname && (o.object.spec as Any).ports[0].port === Number(port),
  )?.object;
};

/** A GET's status and body, with the admin token as a bearer token when given. */
function getWith(url: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

const statusOf = async (url: string, token?: string): Promise<number> => (await getWith(url, token)).status;

describe.each(valueCases())('data plane on, with $name', (c) => {
  const rendered = renderCase(c, ON);
  const v = rendered.values as Any;
  const config = processConfigOf(rendered);
  let proxies: Proxy[];
  beforeAll(async () => {
    proxies = await proxiesOf(rendered);
  });

  it("renders the scaler's proxies, each a Deployment and a Service of the same name, valid and within the policy", () => {
    const expected: Record<string, string[]> = {
      infadapter: ['demo-dispatcher'],
      ipa: [...(v.ipa.stages as Any[]).map((s) => `demo-${s.name}-queue`), 'demo-router'],
      sponge: ['demo-edf'],
    };
    expect(proxies.map((p) => p.name)).toEqual(expected[v.scaler]);
    for (const p of proxies) {
      expect(p.service).toBeDefined();
      expect(kubeSchemaProblem(p.deployment)).toBeUndefined();
      expect(kubeSchemaProblem(p.service)).toBeUndefined();
      expect(p.deployment.spec.template.spec.containers[0].image).toBe(
        v.dataplane.image.repository ? `${v.dataplane.image.repository}:${v.dataplane.image.tag || '0.1.0'}` : 'infscale/dataplane:0.1.0',
      );
    }
    expect(policyViolations(rendered.objects, RELEASE.namespace, documentedRoleRules(rendered))).toEqual([]);
  });

  it('gives args the CLI accepts: each proxy builds and listens from them, its admin port behind the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'admin-token-'));
    try {
      // The token file as the Secret's mount would hold it; the rendered path exists only in the pod.
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, 'rendered-admin-token');
      for (const p of proxies) {
        expect({ name: p.name, port: p.flags.port, adminPort: p.flags.adminPort, adminHost: p.flags.adminHost, tokenFile: p.flags.adminTokenFile }).toEqual({
          name: p.name,
          port: String(v.dataplane.port),
          adminPort: String(v.dataplane.adminPort),
          adminHost: '0.0.0.0',
          tokenFile: `${TOKEN_DIR}/token`,
        });
        const running = await startProxy(p.kind, { ...p.flags, port: '0', host: '127.0.0.1', adminPort: '0', adminTokenFile: tokenFile } as never);
        try {
          const adminPort = new URL(running.adminUrl).port;
          expect(await statusOf(`http://127.0.0.1:${adminPort}/livez`)).toBe(200);
          expect(await statusOf(`http://127.0.0.1:${adminPort}/admin/anything`)).toBe(401);
          expect(await statusOf(`http://127.0.0.1:${adminPort}/admin/anything`, 'rendered-admin-token')).toBe(404);
        } finally {
          await running.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("starts IPA's stage queues able to split: each accepts the actuator's shares between two of its variants", async () => {
    if (v.scaler !== 'ipa') return;
    const dir = mkdtempSync(join(tmpdir(), 'admin-token-'));
    try {
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, 'rendered-admin-token');
      const pipeline = resolveIpaPipeline(ipaConfigSchema.parse(config.scaler));
      for (const [i, p] of byKind(proxies, 'stage-queue').entries()) {
        const stage = pipeline.stages[i]!;
        const [first, second] = stage.variants.slice(0, 2).map((variant) => ipaDeploymentFor(stage, variant.name));
        if (second === undefined) continue;
        const running = await startProxy(p.kind, { ...p.flags, port: '0', host: '127.0.0.1', adminPort: '0', adminTokenFile: tokenFile } as never);
        try {
          // What packages/kube's routedBatchToStageQueue POSTs for a route of two deployments.
          await postStageSettings(
            running.adminUrl,
            {
              maxBatchSize: 2,
              maxInFlightPerUrl: 1,
              shares: { [first!]: 3, [second]: 1 },
              variants: { [first!]: { maxBatchSize: 2, maxInFlightPerUrl: 1 }, [second]: { maxBatchSize: 4, maxInFlightPerUrl: 2 } },
            },
            { tokenFile },
          );
          const answer = await getWith(`${running.adminUrl}/admin/stage`, 'rendered-admin-token');
          expect(answer.status).toBe(200);
          const shown = JSON.parse(answer.body) as Any;
          expect(shown.shares).toEqual({ [first!]: 3, [second]: 1 });
          for (const name of [first!, second])
            expect(shown.variants[name].replicaUrls).toEqual([`http://${name}:${v.services.port}${v.dataplane.stageQueue.predictPath}`]);
        } finally {
          await running.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('mounts the one generated admin-token Secret into every proxy and the scaler, and gives the scaler its path', () => {
    const secrets = rendered.objects.filter((o) => o.object.kind === 'Secret').map((o) => o.object as Any);
    expect(secrets.map((x) => x.metadata.name)).toEqual(['demo-admin-token']);
    const [secret] = secrets;
    expect(kubeSchemaProblem(secret)).toBeUndefined();
    expect(Buffer.from(secret.data.token, 'base64').toString('utf8')).toMatch(/^[A-Za-z0-9]{48}$/);
    const scaler = objectOf(rendered, 'Deployment', 'demo') as Any;
    for (const d of [scaler, ...proxies.map((p) => p.deployment)]) {
      expect(volumeAt(d, TOKEN_DIR)).toEqual({
        name: 'admin-token',
        secret: { secretName: 'demo-admin-token', items: [{ key: 'token', path: 'token' }], defaultMode: 0o440 },
      });
    }
    expect(config.kubernetes.adminTokenFile).toBe(`${TOKEN_DIR}/token`);
    if (v.scaler === 'sponge') expect((config.scaler.modelServerHook as Any).tokenFile).toBe(`${TOKEN_DIR}/token`);
  });

  it("lets only the scaler's pods reach the proxies' admin ports; the traffic ports stay open", () => {
    const policy = objectOf(rendered, 'NetworkPolicy') as Any;
    expect(kubeSchemaProblem(policy)).toBeUndefined();
    const pods = rendered.objects
      .filter((o) => o.object.kind === 'Deployment')
      .map((o) => ({ name: (o.object.metadata as Any).name as string, labels: (o.object.spec as Any).template.metadata.labels }));
    const selected = (selector: Record<string, string>) => pods.filter((pod) => selects(selector, pod.labels)).map((pod) => pod.name);
    expect(selected(policy.spec.podSelector.matchLabels).sort()).toEqual(proxies.map((p) => p.name).sort());
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    const [traffic, admin] = policy.spec.ingress as Any[];
    expect(traffic).toEqual({ ports: [{ port: 'http', protocol: 'TCP' }] });
    expect(admin.ports).toEqual([{ port: 'admin', protocol: 'TCP' }]);
    expect(admin.from).toHaveLength(1);
    expect(selected(admin.from[0].podSelector.matchLabels)).toEqual(['demo']);
  });

  it("selects each proxy's pod with its Service and no other pod; the scaler's and the model Services never select it", () => {
    const pods = rendered.objects
      .filter((o) => o.object.kind === 'Deployment')
      .map((o) => ({ name: (o.object.metadata as Any).name as string, labels: (o.object.spec as Any).template.metadata.labels }));
    const otherServices = rendered.objects.filter((o) => o.object.kind === 'Service' && !proxies.some((p) => p.name === (o.object.metadata as Any).name));
    for (const p of proxies) {
      expect(pods.filter((pod) => selects(p.service.spec.selector, pod.labels)).map((pod) => pod.name)).toEqual([p.name]);
      expect(p.deployment.spec.selector.matchLabels).toEqual(p.service.spec.selector);
      const ports = p.deployment.spec.template.spec.containers[0].ports as Any[];
      expect(ports.map((port) => port.name)).toContain(p.service.spec.ports[0].targetPort);
      for (const s of otherServices) expect(selects((s.object.spec as Any).selector, p.deployment.spec.template.metadata.labels)).toBe(false);
      // The actuator's current() lists deployments by its ownership labels: never a proxy.
      expect(p.deployment.metadata.labels['app.kubernetes.io/managed-by']).not.toBe('infscale');
    }
  });

  it('leaves the Role as it is: the proxies call no Kubernetes API', () => {
    expect(objectOf(rendered, 'Role')).toEqual(objectOf(renderCase(c, { dataplane: { enabled: false } }), 'Role'));
  });

  it('points the scaler at the proxies, and the proxies at the model Services', () => {
    if (v.scaler === 'infadapter') {
      // The stage and deployment names as the scaler derives them (its schema's default stage, deploymentOf).
      const stage = infAdapterConfigSchema.shape.stage.parse(config.scaler.stage);
      const scaler = { task: config.scaler.task, variants: config.scaler.variants } as InfAdapterConfig;
      const [dispatcher] = byKind(proxies, 'dispatcher');
      expect(config.kubernetes.routing.adminUrls).toEqual({ [stage]: adminServiceUrl(dispatcher!) });
      // Keyed by the deployment names the scaler's quotas use; each URL a model Service of that name.
      const variants = (dispatcher!.flags.variant as string[]).map((f) => f.split('='));
      expect(variants.map(([name]) => name)).toEqual(scaler.variants.map((variant) => deploymentOf(scaler, variant)));
      for (const [name, url] of variants) expect((modelService(rendered, url!) as Any).metadata.name).toBe(name);
      expect(dispatcher!.flags.quotasFile).toBe(`/etc/infscale/routing/${stage}`);
      const mount = dispatcher!.deployment.spec.template.spec.containers[0].volumeMounts.find((m: Any) => m.name === 'routing');
      expect(mount.mountPath).toBe('/etc/infscale/routing');
      expect(dispatcher!.deployment.spec.template.spec.volumes).toContainEqual({ name: 'routing', configMap: { name: 'infscale-routing', optional: true } });
    } else if (v.scaler === 'ipa') {
      const stages = v.ipa.stages as Any[];
      const queues = byKind(proxies, 'stage-queue');
      expect(config.kubernetes.stageQueues).toEqual(Object.fromEntries(stages.map((s, i) => [s.name, adminServiceUrl(queues[i]!)])));
      expect(config.kubernetes.batchEnv).toBe(false);
      stages.forEach((s, i) => {
        const q = queues[i]!;
        expect({ stage: q.flags.stage, maxBatch: q.flags.maxBatch, maxWaitMs: q.flags.maxWaitMs }).toEqual({
          stage: s.name,
          maxBatch: String(s.maxBatch),
          maxWaitMs: '1000',
        });
        expect((q.flags.replica as string[]).map((url) => modelService(rendered, url)?.metadata.name)).toEqual([s.targetRef.name]);
      });
      // Each variant by the deployment name the scaler gives it (the key of the shares it POSTs), at that variant's Service.
      const pipeline = resolveIpaPipeline(ipaConfigSchema.parse(config.scaler));
      pipeline.stages.forEach((stage, i) => {
        const named = (queues[i]!.flags.variant as string[]).map((f) => f.split('='));
        expect(named.map(([name]) => name)).toEqual(stage.variants.map((variant) => ipaDeploymentFor(stage, variant.name)));
        for (const [name, url] of named) {
          expect(url).toBe(`http://${name}:${v.services.port}${v.dataplane.stageQueue.predictPath}`);
          expect((modelService(rendered, url!) as Any).metadata.name).toBe(name);
        }
      });
      const [router] = byKind(proxies, 'router');
      expect(router!.flags).toMatchObject({ pipeline: v.ipa.profile, dropLimitMs: String(v.ipa.dropAfterMs) });
      expect(router!.flags.stage).toEqual(stages.map((s, i) => `${s.name}=${serviceUrl(queues[i]!)}`));
    } else {
      const [edf] = byKind(proxies, 'edf');
      expect((config.scaler.modelServerHook as Any).urls).toEqual([`${adminServiceUrl(edf!)}/admin/config`]);
      const model = v.sponge.latencyModel as Any;
      expect(edf!.flags).toMatchObject({
        sloMs: String(v.sponge.slo.latencyMs),
        latencyModel: `${model.gamma},${model.delta},${model.epsilon},${model.eta}`,
        late: 'drop',
      });
      expect(new URL(edf!.flags.upstream as string).hostname).toBe(v.sponge.targetRef.name);
      // Sponge reads its EDF queue from the proxy's pods, not the model's: the default queries, pods swapped.
      const edfPods = `${edf!.name}${POD_SUFFIX_REGEX}`;
      expect(config.prometheus.queries).toEqual({
        queueLength: DEFAULT_QUERIES.queueLength.replace('{{podRegex}}', edfPods),
        remainingBudgetBuckets: DEFAULT_QUERIES.remainingBudgetBuckets.replace('{{podRegex}}', edfPods),
      });
    }
  });

  it("scrapes every proxy with the data-plane ServiceMonitor, and the scaler's monitor none", () => {
    const r = renderCase(c, { ...ON, serviceMonitor: { enabled: true } });
    const monitors = r.objects.filter((o) => o.object.kind === 'ServiceMonitor').map((o) => o.object as Any);
    const dataplane = monitors.find((m) => m.metadata.name === 'demo-dataplane') as Any;
    const scaler = monitors.find((m) => m.metadata.name === 'demo') as Any;
    expect(kubeSchemaProblem(dataplane)).toBeUndefined();
    for (const p of proxies) {
      expect(selects(dataplane.spec.selector.matchLabels, p.service.metadata.labels)).toBe(true);
      expect(selects(scaler.spec.selector.matchLabels, p.service.metadata.labels)).toBe(false);
      expect(dataplane.spec.endpoints.map((e: Any) => e.port)).toEqual([p.service.spec.ports[0].name]);
    }
    expect(selects(dataplane.spec.selector.matchLabels, (objectOf(r, 'Service', '-metrics') as Any).metadata.labels)).toBe(false);
  });
});

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

  it('follows the admin port and the limits; --max-queue only where requests queue; no NetworkPolicy when off', async () => {
    const r = render({
      scaler: 'ipa',
      dataplane: { enabled: true, adminPort: 9000, maxBodyBytes: 1024, upstreamTimeoutMs: 1500, maxQueue: 7, networkPolicy: { enabled: false } },
    });
    const proxies = await proxiesOf(r);
    for (const p of proxies) {
      expect(p.flags).toMatchObject({ adminPort: '9000', maxBodyBytes: '1024', upstreamTimeoutMs: '1500' });
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
    expect(problems({ maxBodyBytes: 0 })).toMatch(/^dataplane\.maxBodyBytes: /m);
    expect(problems({ upstreamTimeoutMs: '1s' })).toMatch(/^dataplane\.upstreamTimeoutMs: /m);
    expect(problems({ maxQueue: 0 })).toMatch(/^dataplane\.maxQueue: /m);
    expect(problems({ networkPolicy: { enabled: 'yes' } })).toMatch(/^dataplane\.networkPolicy\.enabled: /m);
    expect(problems({ enabled: true, edf: { cores: 2 } })).toBe('');
  });
});
