/**
 * The chart installed by the pinned helm into a namespace of its own, and the scaler run out of the
 * cluster the way the README's walk-through runs it: the config document the chart put in its
 * ConfigMap, read back from the API server, pointed at this machine (kubeconfig, Prometheus, the
 * local data plane), and a kubeconfig that authenticates as the chart's ServiceAccount with a token
 * from the TokenRequest API. So the chart's Role, enforced by the real RBAC authorizer, is what the
 * scaler may do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  CHART_DIR,
  createTestNamespace,
  helm,
  serviceAccountKubeconfig,
  type PoolNodeOptions,
  type ServiceAccountAccess,
  type TestControlPlane,
  type TestNamespace,
} from '@infscale/kube/testing';
import { parse, stringify } from 'yaml';

type Doc = Record<string, unknown>;

export interface ChartRelease {
  ns: TestNamespace;
  release: string;
  /** The chart's ServiceAccount (the release's name), as a kubeconfig file and client. */
  sa: ServiceAccountAccess;
  /** The installed config.yaml's `spec`: scaler, prometheus, kubernetes, server, loop. */
  spec: Doc & { scaler: Doc; kubernetes: Doc; prometheus: Doc };
  /** Writes the config a process runs with: the installed one with `change` applied to its spec. */
  writeConfig(name: string, change: (spec: ChartRelease['spec']) => void): string;
  close(): Promise<void>;
}

export interface InstallOptions {
  /** Namespace prefix. */
  name: string;
  release?: string;
  /** Values files (-f), then `values` (-f, last). */
  files?: string[];
  values?: Doc;
  nodes?: PoolNodeOptions[];
  /** Created before the install (e.g. Sponge's target deployment). */
  before?: (ns: TestNamespace) => Promise<void>;
}

export async function installChart(cp: TestControlPlane, options: InstallOptions): Promise<ChartRelease> {
  const ns = await createTestNamespace(cp, options.name, options.nodes ? { nodes: options.nodes } : {});
  const release = options.release ?? 'scaler';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infscale-e2e-'));
  try {
    await options.before?.(ns);
    const valuesFile = path.join(dir, 'values.json');
    fs.writeFileSync(valuesFile, JSON.stringify(options.values ?? {}));
    await helm(cp, [
      'install',
      release,
      CHART_DIR,
      '-n',
      ns.name,
      ...(options.files ?? []).flatMap((f) => ['-f', f]),
      '-f',
      valuesFile,
      '--wait',
      '--timeout',
      '90s',
    ]);
    const configMap = await cp.kubeConfig.makeApiClient(CoreV1Api).readNamespacedConfigMap({ name: `${release}-config`, namespace: ns.name });
    const installed = parse(configMap.data?.['config.yaml'] ?? '') as { spec: ChartRelease['spec'] };
    const sa = await serviceAccountKubeconfig(cp, ns.name, release);
    return {
      ns,
      release,
      sa,
      spec: installed.spec,
      writeConfig: (name, change) => {
        const doc = structuredClone(installed) as { spec: ChartRelease['spec'] };
        // Out of the cluster: this kubeconfig instead of the pod's mounted token, metrics on a free loopback port.
        doc.spec.kubernetes.connection = { mode: 'kubeconfig', path: sa.kubeconfigPath };
        doc.spec.server = { port: 0, host: '127.0.0.1' };
        change(doc.spec);
        const file = path.join(dir, name);
        fs.writeFileSync(file, stringify(doc));
        return file;
      },
      close: async () => {
        await ns.delete();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await ns.delete();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
