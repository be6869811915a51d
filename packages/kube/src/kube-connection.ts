import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ConfigError, errorMessage } from '@infscale/core';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeActuatorConfig } from './config';

/** Where the kubelet mounts the pod's service account token (what in-cluster mode authenticates with). */
export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** What loadKubeConfig looks at besides the connection; each defaults to the real process's. */
export interface ConnectionSurroundings {
  env?: Readonly<Record<string, string | undefined>>;
  tokenFile?: string;
  home?: string;
}

/** Paths are the actuator config's (connection.…); the runtime re-roots them at kubernetes. of its file. */
const fail = (path: string, value: unknown, message: string) => new ConfigError('kube actuator config', [{ path, value, message }]);

/** What in-cluster mode needs and this process lacks: nothing inside a pod. */
export function missingInCluster(env: ConnectionSurroundings['env'] = process.env, tokenFile = SERVICE_ACCOUNT_TOKEN): string[] {
  const missing = (['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT'] as const).filter((k) => !env[k]).map((k) => `${k} is not set`);
  if (!existsSync(tokenFile)) missing.push(`${tokenFile} does not exist`);
  return missing;
}

/**
 * The KubeConfig the connection asks for: the pod's service account, or a kubeconfig file. Every
 * reason it cannot be built is a ConfigError naming the field, checked before the first API call:
 * client-node would otherwise build a client for "https://undefined:undefined" and every call would
 * fail with "Invalid URL", retried, for a process that was never going to reach a cluster.
 */
export function loadKubeConfig(connection: KubeActuatorConfig['connection'], around: ConnectionSurroundings = {}): KubeConfig {
  const env = around.env ?? process.env;
  const kc = new KubeConfig();
  if (connection.mode === 'in-cluster') {
    const missing = missingInCluster(env, around.tokenFile);
    if (missing.length > 0)
      throw fail(
        'connection.mode',
        connection.mode,
        `in-cluster (the default) connects with the pod's service account, but this process does not run in a pod (${missing.join(', ')}); ` +
          'outside a cluster set mode: kubeconfig (and path: your kubeconfig, default $KUBECONFIG or ~/.kube/config)',
      );
    kc.loadFromCluster();
    return kc;
  }
  loadFile(kc, connection.path, env, around.home ?? homedir());
  if (connection.context !== undefined) {
    if (!kc.getContextObject(connection.context))
      throw fail('connection.context', connection.context, `not a context of the kubeconfig (its contexts: ${contextNames(kc)})`);
    kc.setCurrentContext(connection.context);
  }
  if (!kc.getCurrentCluster())
    throw fail(
      'connection.context',
      connection.context,
      `the kubeconfig's current context names no cluster: set context to one that does (its contexts: ${contextNames(kc)})`,
    );
  return kc;
}

const contextNames = (kc: KubeConfig) =>
  kc
    .getContexts()
    .map((c) => c.name)
    .join(', ') || 'none';

/**
 * The file itself (connection.path), else $KUBECONFIG's files, else ~/.kube/config: as kubectl looks
 * (client-node's loadFromDefault does the same, but reads process.env, not the env given here).
 */
function loadFile(kc: KubeConfig, path: string | undefined, env: Readonly<Record<string, string | undefined>>, home: string): void {
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((f) => f !== '');
  const files = path !== undefined ? [path] : fromEnv.length > 0 ? fromEnv : [join(home, '.kube', 'config')];
  const origin = path !== undefined ? '' : fromEnv.length > 0 ? ' (unset, so $KUBECONFIG)' : ' (unset, so ~/.kube/config)';
  const absent = files.filter((f) => !existsSync(f));
  if (absent.length > 0) throw fail('connection.path', path, `no kubeconfig at ${absent.join(', ')}${origin}: set it to the kubeconfig file to connect with`);
  try {
    kc.loadFromFile(files[0]!);
    for (const f of files.slice(1)) {
      const more = new KubeConfig();
      more.loadFromFile(f);
      kc.mergeConfig(more, true); // the first file's current-context wins, as kubectl's
    }
  } catch (err) {
    throw fail('connection.path', path, `${files.join(', ')}${origin} is not a readable kubeconfig: ${errorMessage(err)}`);
  }
}
