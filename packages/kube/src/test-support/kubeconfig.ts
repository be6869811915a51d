import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/** How a kubeconfig user proves who it is: a client certificate or a bearer token. */
export type Credentials = { clientCert: string; clientKey: string } | { token: string };

/** Writes a one-context kubeconfig (mode 0600), naming the CA of an https server, and returns its path. */
export function writeKubeconfig(
  file: string,
  options: { server: string; caCert?: string; user: string; credentials: Credentials; namespace?: string },
): string {
  const user =
    'token' in options.credentials
      ? { token: options.credentials.token }
      : { 'client-certificate': options.credentials.clientCert, 'client-key': options.credentials.clientKey };
  // client-node refuses a plain-http server unless TLS verification is off (there is no TLS to verify).
  const tls = options.server.startsWith('http:') ? { 'insecure-skip-tls-verify': true } : options.caCert ? { 'certificate-authority': options.caCert } : {};
  const cluster = { server: options.server, ...tls };
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
