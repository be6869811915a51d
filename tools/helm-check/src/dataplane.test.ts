/**
 * The data plane (dataplane.enabled, templates/proxies.yaml + _dataplane.tpl). Every rendered proxy's
 * args are parsed by the CLI's own commander program (tools/cli) and the proxy is built and started
 * from them, so a renamed or tightened flag fails here. The scaler's side is read the way the app reads
 * it: the rendered config through packages/runtime's parser, the scaler section through the scaler's
 * own schema, and the model Services' names from packages/scalers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QUERIES, POD_SUFFIX_REGEX } from '@infscale/metrics';
import { deploymentOf, infAdapterConfigSchema, ipaConfigSchema, ipaDeploymentFor, resolveIpaPipeline, type InfAdapterConfig } from '@infscale/scalers';
import { postStageSettings } from '@infscale/kube';
import { startProxy } from '@infscale/tool-cli';
import { kubeSchemaProblem } from './kube-schemas';
import { policyViolations } from './policy';
import { documentedRoleRules, objectOf, render, renderCase, RELEASE, valueCases, valueProblems } from './test-support/charts';
import {
  type Any,
  type Proxy,
  ON,
  proxiesOf,
  processConfigOf,
  serviceUrl,
  adminServiceUrl,
  volumeAt,
  TOKEN_DIR,
  selects,
  byKind,
  modelService,
  getWith,
  statusOf,
} from './test-support/proxies';

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
        const { port, adminPort, metricsPort, adminHost, adminTokenFile } = p.flags;
        expect({ name: p.name, port, adminPort, metricsPort, adminHost, tokenFile: adminTokenFile }).toEqual({
          name: p.name,
          port: String(v.dataplane.port),
          adminPort: String(v.dataplane.adminPort),
          metricsPort: String(v.dataplane.metricsPort),
          adminHost: '0.0.0.0',
          tokenFile: `${TOKEN_DIR}/token`,
        });
        const running = await startProxy(p.kind, {
          ...p.flags,
          port: '0',
          host: '127.0.0.1',
          adminPort: '0',
          metricsPort: '0',
          adminTokenFile: tokenFile,
        } as never);
        try {
          // Prometheus' port serves the metrics; the traffic port, which an Ingress may expose, does not.
          expect(await statusOf(`${running.metricsUrl}/metrics`)).toBe(200);
          expect(await statusOf(`${running.url}/metrics`)).toBe(404);
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

  it("lets only the scaler's pods reach the proxies' admin ports; the traffic and metrics ports stay open", () => {
    const policy = objectOf(rendered, 'NetworkPolicy') as Any;
    expect(kubeSchemaProblem(policy)).toBeUndefined();
    const pods = rendered.objects
      .filter((o) => o.object.kind === 'Deployment')
      .map((o) => ({ name: (o.object.metadata as Any).name as string, labels: (o.object.spec as Any).template.metadata.labels }));
    const selected = (selector: Record<string, string>) => pods.filter((pod) => selects(selector, pod.labels)).map((pod) => pod.name);
    expect(selected(policy.spec.podSelector.matchLabels).sort()).toEqual(proxies.map((p) => p.name).sort());
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    const [traffic, admin] = policy.spec.ingress as Any[];
    expect(traffic).toEqual({
      ports: [
        { port: 'http', protocol: 'TCP' },
        { port: 'metrics', protocol: 'TCP' },
      ],
    });
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
      // The drop limit: dropAfterMs, else the SLA.
      expect(router!.flags).toMatchObject({ pipeline: v.ipa.profile, dropLimitMs: String(v.ipa.dropAfterMs ?? v.ipa.sla.latencyMs) });
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
      expect(dataplane.spec.endpoints.map((e: Any) => e.port)).toEqual(['metrics']);
      expect(p.service.spec.ports.map((port: Any) => port.name)).toContain('metrics');
      expect(p.deployment.spec.template.spec.containers[0].ports.map((port: Any) => port.name)).toContain('metrics');
    }
    expect(selects(dataplane.spec.selector.matchLabels, (objectOf(r, 'Service', '-metrics') as Any).metadata.labels)).toBe(false);
  });
});

describe("IPA's drop limit", () => {
  const routerLimit = async (extra: Any) => {
    const [router] = byKind(await proxiesOf(render({ scaler: 'ipa', ...ON, ...extra })), 'router');
    return router!.flags.dropLimitMs;
  };

  it("is the SLA when dropAfterMs is unset (the improved method's default too)", async () => {
    expect(await routerLimit({ ipa: { sla: { latencyMs: 3852 } } })).toBe('3852');
  });

  it('is dropAfterMs when set (the paper drops video requests after 10 s)', async () => {
    expect(await routerLimit({ ipa: { dropAfterMs: 10000 } })).toBe('10000');
  });

  it('needs the SLA, which it defaults to', () => {
    expect(valueProblems({ scaler: 'ipa', ipa: { sla: null } }).join('\n')).toMatch(/sla/);
  });
});
