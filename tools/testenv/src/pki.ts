import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A client or server identity signed by the test CA. */
export interface CertSpec {
  /** File stem under pki/: <name>.crt and <name>.key. */
  name: string;
  commonName: string;
  organizations?: string[];
  /** Server certificates name their addresses; client certificates leave this out. */
  altNames?: { dns: string[]; ips: string[] };
}

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  /** The service-account token signing key pair. */
  saKey: string;
  saPub: string;
  cert(name: string): { cert: string; key: string };
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''} (the test control plane needs Debian's openssl package)`);
  }
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A random positive 63-bit serial: certificates of one CA must not share one. */
function serial(): string {
  const bytes = randomBytes(8);
  bytes[0]! &= 0x7f;
  return `0x${bytes.toString('hex')}`;
}

function subject(spec: CertSpec): string {
  return [...(spec.organizations ?? []).map((o) => `/O=${o}`), `/CN=${spec.commonName}`].join('');
}

/**
 * Creates the CA, one certificate per spec and the service-account key pair with openssl
 * (P-256 keys: fast to make, accepted by every component). Idempotent per file.
 */
export function createPki(dir: string, specs: CertSpec[]): Pki {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pki: Pki = {
    dir,
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    saKey: path.join(dir, 'sa.key'),
    saPub: path.join(dir, 'sa.pub'),
    cert: (name) => ({ cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) }),
  };
  if (!fs.existsSync(pki.caCert)) {
    openssl(['req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-subj', '/CN=infscale-testenv-ca'], dir);
  }
  if (!fs.existsSync(pki.saPub)) {
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'sa.key'], dir);
    openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  }
  for (const spec of specs) {
    if (fs.existsSync(pki.cert(spec.name).cert)) continue;
    const extensions = [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${spec.altNames ? 'serverAuth' : 'clientAuth'}`,
      ...(spec.altNames ? [`subjectAltName=${[...spec.altNames.dns.map((d) => `DNS:${d}`), ...spec.altNames.ips.map((i) => `IP:${i}`)].join(',')}`] : []),
    ];
    fs.writeFileSync(path.join(dir, `${spec.name}.ext`), extensions.join('\n') + '\n');
    openssl(['req', '-new', ...EC_KEY, '-keyout', `${spec.name}.key`, '-out', `${spec.name}.csr`, '-subj', subject(spec)], dir);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${spec.name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-set_serial',
        serial(),
        '-days',
        '3650',
        '-extfile',
        `${spec.name}.ext`,
        '-out',
        `${spec.name}.crt`,
      ],
      dir,
    );
    fs.rmSync(path.join(dir, `${spec.name}.csr`));
    fs.rmSync(path.join(dir, `${spec.name}.ext`));
  }
  return pki;
}
