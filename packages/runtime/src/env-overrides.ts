/**
 * Environment variables that override the config document, so secrets come from a Secret (env or
 * mounted file) and never sit in the ConfigMap. Applied after the file is read, before validation.
 */
export const ENV_OVERRIDES = {
  INFSCALE_PROMETHEUS_SERVER_ADDRESS: 'prometheus.serverAddress',
  INFSCALE_PROMETHEUS_BEARER_TOKEN: 'prometheus.auth = {type: bearer, token}',
  INFSCALE_PROMETHEUS_USERNAME: 'prometheus.auth = {type: basic, username, password} (with INFSCALE_PROMETHEUS_PASSWORD)',
  INFSCALE_PROMETHEUS_PASSWORD: 'prometheus.auth.password (with INFSCALE_PROMETHEUS_USERNAME)',
  INFSCALE_PROMETHEUS_TLS_CA: 'prometheus.tls.ca (PEM contents)',
  INFSCALE_PROMETHEUS_TLS_CERT: 'prometheus.tls.cert (PEM contents)',
  INFSCALE_PROMETHEUS_TLS_KEY: 'prometheus.tls.key (PEM contents)',
  INFSCALE_DRY_RUN: 'loop.dryRun ("true" or "false")',
  POD_NAME: 'kubernetes.leaderElection.identity, when the file sets none (Helm sets it from the downward API)',
  POD_NAMESPACE: 'prometheus.namespace and kubernetes.namespace, when the file sets neither',
} as const;

export type EnvName = keyof typeof ENV_OVERRIDES;
export type Env = Readonly<Record<string, string | undefined>>;

type Doc = Record<string, unknown>;

function section(doc: Doc, key: string): Doc {
  const value = doc[key];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Doc;
  // A section that is not an object is left for validation to reject; overrides go into a fresh one only when absent.
  if (value !== undefined) return {};
  return (doc[key] = {});
}

/** The document with the environment's overrides applied (a new object), and which variables were used. */
export function applyEnvOverrides(input: Doc, env: Env): { doc: Doc; used: EnvName[] } {
  const doc: Doc = structuredClone(input);
  const used: EnvName[] = [];
  const take = (name: EnvName): string | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    used.push(name);
    return value;
  };

  const address = take('INFSCALE_PROMETHEUS_SERVER_ADDRESS');
  if (address) section(doc, 'prometheus').serverAddress = address;
  const token = take('INFSCALE_PROMETHEUS_BEARER_TOKEN');
  const username = take('INFSCALE_PROMETHEUS_USERNAME');
  const password = take('INFSCALE_PROMETHEUS_PASSWORD');
  if (token) section(doc, 'prometheus').auth = { type: 'bearer', token };
  else if (username || password) section(doc, 'prometheus').auth = { type: 'basic', username, password };
  const tlsParts = { ca: take('INFSCALE_PROMETHEUS_TLS_CA'), cert: take('INFSCALE_PROMETHEUS_TLS_CERT'), key: take('INFSCALE_PROMETHEUS_TLS_KEY') };
  if (tlsParts.ca || tlsParts.cert || tlsParts.key) {
    const prometheus = section(doc, 'prometheus');
    const tls = (prometheus.tls ?? {}) as Doc;
    for (const [k, v] of Object.entries(tlsParts)) if (v) tls[k] = v;
    prometheus.tls = tls;
  }
  const dryRun = take('INFSCALE_DRY_RUN');
  // Anything but true/false is kept as a string, so validation names loop.dryRun.
  if (dryRun) section(doc, 'loop').dryRun = dryRun === 'true' ? true : dryRun === 'false' ? false : dryRun;

  const kubernetes = section(doc, 'kubernetes');
  const election = (kubernetes.leaderElection ?? {}) as Doc;
  if (election.identity === undefined && env.POD_NAME) {
    election.identity = take('POD_NAME');
    kubernetes.leaderElection = election;
  }
  const prometheus = section(doc, 'prometheus');
  if (kubernetes.namespace === undefined && prometheus.namespace === undefined && env.POD_NAMESPACE) {
    kubernetes.namespace = prometheus.namespace = take('POD_NAMESPACE');
  }
  return { doc, used };
}
