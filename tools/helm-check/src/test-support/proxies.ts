/** The data plane as the chart renders it, read back the way its consumers read it (the CLI's flags, the runtime's config). */
import { get } from 'node:http';
import { parse } from 'yaml';
import { parseProcessConfig, type ProcessConfig } from '@infscale/runtime';
import { buildProgram, type ProxyKind } from '@infscale/tool-cli';
import { isProxyDeployment } from '../policy';
import { RELEASE, renderedConfigText, type Render } from './charts';
import type { Value } from '../merge-values';

export type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Flags = Record<string, unknown>;

export interface Proxy {
  name: string;
  deployment: Any;
  service: Any;
  kind: ProxyKind;
  flags: Flags;
}

export const ON = { dataplane: { enabled: true } } satisfies Value;
export const POD_ENV = { POD_NAME: 'demo-7d9f8c6b5-x2x4z', POD_NAMESPACE: RELEASE.namespace, INFSCALE_PROMETHEUS_BEARER_TOKEN: 'from-a-secret' };

/** Parses `proxy <kind> …` with the CLI's commander program; the kind's action only records the flags. */
export async function parseProxyArgs(args: string[]): Promise<{ kind: ProxyKind; flags: Flags }> {
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

export async function proxiesOf(rendered: Render): Promise<Proxy[]> {
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
export function processConfigOf(rendered: Render): ProcessConfig {
  const raw = parse(renderedConfigText(rendered)) as Record<string, unknown>;
  return parseProcessConfig(raw, 'config.yaml', { name: String((rendered.values as Any).scaler), env: POD_ENV });
}

export const servicePort = (p: Proxy, name: string): number => (p.service.spec.ports as Any[]).find((port) => port.name === name)?.port;
export const serviceUrl = (p: Proxy): string => `http://${p.service.metadata.name}:${servicePort(p, 'http')}`;
export const adminServiceUrl = (p: Proxy): string => `http://${p.service.metadata.name}:${servicePort(p, 'admin')}`;
export const podSpec = (deployment: Any): Any => deployment.spec.template.spec;
/** The volume mounted at a path of a Deployment's first container. */
export const volumeAt = (deployment: Any, dir: string): Any | undefined => {
  const mount = (podSpec(deployment).containers[0].volumeMounts as Any[]).find((m) => m.mountPath === dir);
  return (podSpec(deployment).volumes as Any[]).find((v) => v.name === mount?.name);
};
export const TOKEN_DIR = '/etc/infscale/admin';
export const selects = (selector: Record<string, string>, labels: Record<string, string> = {}): boolean =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
export const byKind = (proxies: Proxy[], kind: ProxyKind): Proxy[] => proxies.filter((p) => p.kind === kind);
export const modelService = (rendered: Render, url: string): Any | undefined => {
  const { hostname, port } = new URL(url);
  return rendered.objects.find(
    (o) => o.template.endsWith('model-services.yaml') && (o.object.metadata as Any).name === hostname && (o.object.spec as Any).ports[0].port === Number(port),
  )?.object;
};

/** A GET's status and body, with the admin token as a bearer token when given. */
export function getWith(url: string, token?: string): Promise<{ status: number; body: string }> {
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

export const statusOf = async (url: string, token?: string): Promise<number> => (await getWith(url, token)).status;
