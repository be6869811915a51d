import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/** How a kubeconfig user proves who it is: a client certificate or a bearer token. */
export type Credentials = { clientCert: string; clientKey: string } | { token: string };

/** Writes a one-context kubeconfig (mode 0600), naming the CA when the server is https, and returns its path. */
export function writeKubeconfig(file: string, options: { server: string; caCert?: string; user: string; credentials: Credentials; namespace?: string }): string {
  const user =
    'token' in options.credentials
      ? { token: options.credentials.token }
      : { 'client-certificate': options.credentials.clientCert, 'client-key': options.credentials.clientKey };
  const cluster = { server: options.server, ...(options.caCert ? { 'certificate-authority': options.caCert } : {}) };
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'testenv', cluster }],
    users: [{ name: options.user, user }],
    contexts: [{ name: options.user, context: { cluster: 'testenv', user: options.user, ...(options.namespace ? { namespace: options.namespace } : {}) } }],
    'current-context': options.user,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, stringify(doc), { mode: 0o600 });
  return file;
}
