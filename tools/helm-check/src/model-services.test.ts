/**
 * The model-address Services (templates/model-services.yaml): stable addresses of the deployments the
 * scaler creates and deletes. The pods they must select are not described by hand: they are built by
 * packages/kube's own buildDeployment from the rendered config's `kubernetes` section, with the
 * deployment names and stages packages/scalers gives them (InfAdapter deploymentOf, IPA
 * resolveIpaPipeline + ipaDeploymentFor). A label renamed in packages/kube, or a naming rule changed in
 * packages/scalers, fails here until the chart follows.
 */
import type { V1Deployment } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { buildDeployment, MANAGED_BY_LABEL, parseKubeActuatorConfig, SCALER_LABEL, STAGE_LABEL, VARIANT_LABEL, type KubeActuatorConfig } from '@infscale/kube';
import { deploymentOf, ipaConfigSchema, ipaDeploymentFor, resolveIpaPipeline, type InfAdapterConfig, type InfAdapterVariantConfig } from '@infscale/scalers';
import { kubeSchemaProblem } from './kube-schemas';
import { objectOf, render, renderCase, RELEASE, renderedConfigText, valueCases, valueProblems, type Render } from './test-support/charts';
import type { Value } from './merge-values';

const MODEL_SERVICES_TEMPLATE = 'infscale/templates/model-services.yaml';

interface ServicePort {
  name: string;
  port: number;
  targetPort: number | string;
  protocol: string;
}

interface ModelService {
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: { type: string; selector: Record<string, string>; ports: ServicePort[] };
}

/** A pod the actuator would create: its deployment's name, stage, variant and pod-template labels. */
interface ActuatorPod {
  deployment: string;
  stage: string;
  variant: string;
  labels: Record<string, string>;
  containerPorts: { name?: string; containerPort: number }[];
}

interface ConfigDocument {
  spec: { scaler: Record<string, unknown>; kubernetes: Record<string, unknown> };
}

type ServicesValues = { scaler: string; services: { enabled: boolean; port: number; targetPort: number | string }; infadapter: { task?: string } };

const modelServices = (rendered: Render): ModelService[] =>
  rendered.objects.filter((o) => o.template === MODEL_SERVICES_TEMPLATE).map((o) => o.object as unknown as ModelService);

const selects = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);

const pick = (labels: Record<string, string>, keys: string[]): Record<string, string> => Object.fromEntries(keys.map((key) => [key, labels[key] as string]));

/** The actuator's config as packages/kube parses it from the rendered document (the runtime adds `scaler`). */
function actuatorConfigOf(rendered: Render): { scaler: Record<string, unknown>; kube: KubeActuatorConfig } {
  const doc = parse(renderedConfigText(rendered)) as ConfigDocument;
  const scaler = (rendered.values as ServicesValues).scaler;
  return { scaler: doc.spec.scaler, kube: parseKubeActuatorConfig({ ...doc.spec.kubernetes, scaler }) };
}

function podOf(deployment: string, stage: string, variant: string, kube: KubeActuatorConfig): ActuatorPod {
  const built: V1Deployment = buildDeployment({ name: deployment, stage, variant, replicas: 1, cores: 1, batch: 1 }, kube);
  const template = built.spec!.template;
  return {
    deployment,
    stage,
    variant,
    labels: template.metadata?.labels ?? {},
    containerPorts: (template.spec?.containers ?? []).flatMap((c) => c.ports ?? []),
  };
}

/**
 * Every pod the scaler can create under these values: InfAdapter one deployment per variant (its stage
 * label is the config's stage, "main" in the chart, which no InfAdapter Service selects on), IPA one per
 * stage and variant.
 */
function actuatorPods(rendered: Render): ActuatorPod[] {
  const { scaler, kube } = actuatorConfigOf(rendered);
  if (kube.scaler === 'infadapter') {
    const task = scaler.task as string | undefined;
    const variants = scaler.variants as { name: string }[];
    const stage = (scaler.stage as string | undefined) ?? 'main';
    return variants.map((v) => podOf(deploymentOf({ task } as InfAdapterConfig, { name: v.name } as InfAdapterVariantConfig), stage, v.name, kube));
  }
  if (kube.scaler === 'ipa') {
    const pipeline = resolveIpaPipeline(ipaConfigSchema.parse(scaler));
    return pipeline.stages.flatMap((stage) => stage.variants.map((v) => podOf(ipaDeploymentFor(stage, v.name), stage.name, v.name, kube)));
  }
  return [];
}

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

describe.each(valueCases())('model-address Services with $name', (c) => {
  const rendered = renderCase(c);
  const chosen = rendered.values as ServicesValues;
  const services = modelServices(rendered);
  const pods = actuatorPods(rendered);

  it('are in the release namespace, valid Services, named as DNS-1035 labels, on the configured port', () => {
    for (const service of services) {
      expect(service.metadata.namespace).toBe(RELEASE.namespace);
      expect(kubeSchemaProblem(service as unknown as Record<string, unknown>)).toBeUndefined();
      expect(service.metadata.name).toMatch(DNS_1035_LABEL);
      expect(service.metadata.name.length).toBeLessThanOrEqual(63);
      expect(service.spec.type).toBe('ClusterIP');
      expect(service.spec.ports).toEqual([{ name: 'http', port: chosen.services.port, targetPort: chosen.services.targetPort, protocol: 'TCP' }]);
    }
  });

  it('reach a port every created pod exposes (targetPort names or numbers a container port of the template)', () => {
    const { targetPort } = chosen.services;
    for (const pod of pods) {
      const exposed = pod.containerPorts.some((p) => (typeof targetPort === 'number' ? p.containerPort === targetPort : p.name === targetPort));
      expect({ deployment: pod.deployment, exposed }).toEqual({ deployment: pod.deployment, exposed: true });
    }
  });

  it('exist exactly as the scaler needs: InfAdapter one per variant, IPA one per stage and one per stage and variant, Sponge none', () => {
    if (chosen.scaler === 'infadapter') {
      const deployments = [...new Set(pods.map((p) => p.deployment))];
      expect(services.map((s) => s.metadata.name)).toEqual(deployments);
      for (const pod of pods) {
        const service = services.find((s) => s.metadata.name === pod.deployment)!;
        expect(service.spec.selector).toEqual(pick(pod.labels, [MANAGED_BY_LABEL, SCALER_LABEL, VARIANT_LABEL]));
      }
    } else if (chosen.scaler === 'ipa') {
      const stages = (rendered.values as { ipa: { stages: { name: string; targetRef: { name: string } }[] } }).ipa.stages;
      // Each stage's Service, then one per variant named like the variant's deployment.
      expect(services.map((s) => s.metadata.name)).toEqual(
        stages.flatMap((s) => [s.targetRef.name, ...pods.filter((p) => p.stage === s.name).map((p) => p.deployment)]),
      );
      for (const pod of pods) {
        const stageService = services.find((s) => s.metadata.name === stages.find((st) => st.name === pod.stage)!.targetRef.name)!;
        expect(stageService.spec.selector).toEqual(pick(pod.labels, [MANAGED_BY_LABEL, SCALER_LABEL, STAGE_LABEL]));
        const variantService = services.find((s) => s.metadata.name === pod.deployment)!;
        expect(variantService.spec.selector).toEqual(pick(pod.labels, [MANAGED_BY_LABEL, SCALER_LABEL, STAGE_LABEL, VARIANT_LABEL]));
      }
    } else {
      expect(services).toEqual([]);
    }
  });

  it("select the pods packages/kube creates: a variant's Service exactly its variant's, IPA's stage Service every variant of its stage and no other stage's", () => {
    for (const service of services) {
      const selected = pods.filter((p) => selects(service.spec.selector, p.labels)).map((p) => p.deployment);
      const perVariant = chosen.scaler === 'infadapter' || VARIANT_LABEL in service.spec.selector;
      const expected = perVariant ? [service.metadata.name] : pods.filter((p) => p.stage === service.spec.selector[STAGE_LABEL]).map((p) => p.deployment);
      expect({ service: service.metadata.name, selected }).toEqual({ service: service.metadata.name, selected: expected });
      expect(selected.length).toBeGreaterThan(0);
    }
    // Every pod the scaler can create has an address of its own (its variant's), and IPA's also its stage's.
    for (const pod of pods) expect(services.filter((s) => selects(s.spec.selector, pod.labels)).length).toBe(chosen.scaler === 'ipa' ? 2 : 1);
  });

  it("never select the scaler's own pods, and the metrics ServiceMonitor/Service never select them", () => {
    const scalerPod = (objectOf(rendered, 'Deployment') as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template.metadata
      .labels;
    const metricsSelector = (objectOf(rendered, 'Service', '-metrics') as { spec: { selector: Record<string, string> } }).spec.selector;
    const monitor = rendered.objects.find((o) => o.object.kind === 'ServiceMonitor')?.object as
      { spec: { selector: { matchLabels: Record<string, string> } } } | undefined;
    for (const service of services) {
      expect(selects(service.spec.selector, scalerPod)).toBe(false);
      expect(selects(metricsSelector, service.metadata.labels)).toBe(false);
      if (monitor) expect(selects(monitor.spec.selector.matchLabels, service.metadata.labels)).toBe(false);
    }
  });

  it('leave the Role as it is: the chart owns the Services, the scaler gets no access to them', () => {
    const withoutServices = renderCase(c, { services: { enabled: false } });
    expect(modelServices(withoutServices)).toEqual([]);
    expect(objectOf(withoutServices, 'Role')).toEqual(objectOf(rendered, 'Role'));
    expect(JSON.stringify(objectOf(rendered, 'Role'))).not.toMatch(/"services"|"endpoints"|"endpointslices"/);
  });
});

describe('services values', () => {
  const scalerOf = (scaler: string, services: Value): Value => ({ scaler, services });

  it('follow services.port and a numeric targetPort, and InfAdapter names them <task>-<variant> as its deployments', () => {
    const rendered = render({
      scaler: 'infadapter',
      services: { port: 80, targetPort: 8501 },
      infadapter: { task: 'imagenet', variants: [{ name: 'resnet18' }, { name: 'resnet50' }] },
    });
    const services = modelServices(rendered);
    expect(services.map((s) => s.metadata.name)).toEqual(['imagenet-resnet18', 'imagenet-resnet50']);
    for (const s of services) expect(s.spec.ports[0]).toMatchObject({ port: 80, targetPort: 8501 });
    expect(services.map((s) => s.metadata.name)).toEqual(actuatorPods(rendered).map((p) => p.deployment));
  });

  it("name IPA's per-variant Services as ipaDeploymentFor names the deployments: odd characters, names past 63 characters", () => {
    const long = 'a-stage-deployment-with-a-name-long-enough-to-need-the-hash';
    const rendered = render({
      scaler: 'ipa',
      ipa: {
        stages: [
          {
            name: 'yolo',
            targetRef: { name: 'video-yolo' },
            maxBatch: 8,
            variants: ['yolov5n', { name: 'Yolo_V5.s', accuracy: 0.5, baseCores: 1, points: [{ batch: 1, latencyMs: 10, throughputRps: 5 }] }],
          },
          { name: 'resnet-human', targetRef: { name: long }, maxBatch: 8, variants: ['resnet18', 'resnet152'] },
        ],
      },
    });
    const pods = actuatorPods(rendered);
    expect(pods.map((p) => p.deployment)).toEqual([
      'video-yolo-yolov5n',
      'video-yolo-yolo-v5-s',
      expect.stringMatching(/^a-stage-.*-[0-9a-z]{7}$/),
      expect.stringMatching(/^a-stage-.*-[0-9a-z]{7}$/),
    ]);
    const services = modelServices(rendered);
    expect(services.map((s) => s.metadata.name)).toEqual([
      'video-yolo',
      pods[0]!.deployment,
      pods[1]!.deployment,
      long,
      pods[2]!.deployment,
      pods[3]!.deployment,
    ]);
    for (const pod of pods) {
      const service = services.find((s) => s.metadata.name === pod.deployment)!;
      expect(service.metadata.name.length).toBeLessThanOrEqual(63);
      expect(kubeSchemaProblem(service as unknown as Record<string, unknown>)).toBeUndefined();
      expect(pods.filter((p) => selects(service.spec.selector, p.labels)).map((p) => p.deployment)).toEqual([pod.deployment]);
    }
  });

  it("need IPA's stages to list their variants, and say so naming the field", () => {
    const stages = [{ name: 'yolo', targetRef: { name: 'video-yolo' }, maxBatch: 8 }];
    expect(() => render({ scaler: 'ipa', ipa: { stages } })).toThrow(/ipa\.stages\[0\]\.variants \(stage yolo\) is required by the chart/);
    expect(modelServices(render({ scaler: 'ipa', services: { enabled: false }, ipa: { stages } }))).toEqual([]);
  });

  it('are rejected by the schema when wrong, naming the field', () => {
    const problems = (services: Value): string[] => valueProblems(scalerOf('ipa', services));
    expect(problems({ port: 0 })).toEqual([expect.stringMatching(/^services\.port: /)]);
    expect(problems({ targetPort: '8501' }).join('\n')).toMatch(/services\.targetPort/);
    expect(problems({ targetPort: 'a-very-long-port-name' }).join('\n')).toMatch(/services\.targetPort/);
    expect(problems({ type: 'LoadBalancer' }).join('\n')).toMatch(/services/);
    expect(problems({ enabled: 'yes' }).join('\n')).toMatch(/services\.enabled/);
    expect(problems({ port: 9000, targetPort: 'model-http' })).toEqual([]);
  });
});
