/**
 * Two replicas of a scaler (Sponge, as processes, both as the chart's ServiceAccount) on a real Lease.
 * The leader is frozen (SIGSTOP: to the cluster, as dead as a killed process, but it comes back); the
 * other takes over once the lease went unrenewed for its duration; the old leader, resumed, writes
 * nothing, not even to the lease, because its renew deadline passed while it was frozen. Then the new
 * leader is killed (SIGKILL, no release) and the first takes over. Proved from the API server's audit
 * log: each replica has a token of its own (TokenRequest), which the log records as its credential id.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AppsV1Api, CoordinationV1Api } from '@kubernetes/client-node';
import {
  AuditLog,
  describeAudit,
  existingDeployment,
  serviceAccountKubeconfig,
  testControlPlane,
  until,
  WRITE_VERBS,
  type AuditEvent,
  type TestControlPlane,
} from '@infscale/kube/testing';
import { installChart, type ChartRelease } from './support/chart-release';
import { Child } from './support/child';
import { APP_MAIN } from './support/paths';

jest.setTimeout(180_000);

// Short, so the test is quick; the same rules as the chart's 15 s / 10 s / 2 s.
const LEASE_SECONDS = 6;
const RENEW_DEADLINE = '4s';
const RETRY_MS = 1_000;

let cp: TestControlPlane;
let chart: ChartRelease | undefined;
const children: Child[] = [];

afterAll(async () => {
  for (const c of children) await c.stop();
  await chart?.close();
});

/** The `jti` of a ServiceAccount token: what the audit log records as its credential id. */
function credentialOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { jti: string };
  return `JTI=${payload.jti}`;
}
const credential = (e: AuditEvent) => (e.user as { extra?: Record<string, string[]> }).extra?.['authentication.kubernetes.io/credential-id']?.[0];

it('a frozen leader loses the lease to the other replica within the lease duration, and writes nothing when it comes back; killing the new leader hands it back', async () => {
  cp = await testControlPlane();
  chart = await installChart(cp, {
    name: 'e2e-leader',
    values: { scaler: 'sponge' },
    before: async (ns) =>
      void (await cp.kubeConfig.makeApiClient(AppsV1Api).createNamespacedDeployment({ namespace: ns.name, body: existingDeployment('resnet18', ns.name) })),
  });
  const namespace = chart.ns.name;
  const lease = `${chart.release}-leader`;
  const replicas = await Promise.all(
    ['replica-a', 'replica-b'].map(async (name) => {
      // A token of its own for each replica: the same ServiceAccount, told apart in the audit log.
      const sa = await serviceAccountKubeconfig(cp, namespace, chart!.release, { file: `${cp.stateDir}/kubeconfigs/${namespace}-${name}.kubeconfig` });
      const config = chart!.writeConfig(`${name}.yaml`, (spec) => {
        spec.kubernetes.connection = { mode: 'kubeconfig', path: sa.kubeconfigPath };
        spec.kubernetes.leaderElection = {
          ...(spec.kubernetes.leaderElection as object),
          leaseDurationSeconds: LEASE_SECONDS,
          renewDeadline: RENEW_DEADLINE,
          retryPeriod: `${RETRY_MS}ms`,
        };
        spec.kubernetes.requestTimeout = '1s';
        spec.kubernetes.retry = { maxDelayMs: '1s' };
        // No Prometheus: the replicas hold (no data), and only the lease is written.
        spec.prometheus.serverAddress = 'http://127.0.0.1:9';
      });
      return { name, credential: credentialOf(sa.token), config };
    }),
  );
  const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
  const holder = async () =>
    (
      await cp.kubeConfig
        .makeApiClient(CoordinationV1Api)
        .readNamespacedLease({ name: lease, namespace })
        .catch(() => undefined)
    )?.spec?.holderIdentity;
  const audit = new AuditLog(cp.auditLog);
  const mark = audit.mark();
  const writesOf = (who: { credential: string }, afterMs = 0) =>
    audit
      .read(mark, { namespace, verbs: WRITE_VERBS })
      .filter((e) => credential(e) === who.credential && new Date(e.requestReceivedTimestamp).getTime() > afterMs);

  const processA = Child.node('replica-a', APP_MAIN('sponge'), ['--config', a.config], { POD_NAME: a.name });
  children.push(processA);
  await until('replica-a to hold the lease', async () => ((await holder()) === a.name ? true : undefined));
  const processB = Child.node('replica-b', APP_MAIN('sponge'), ['--config', b.config], { POD_NAME: b.name });
  children.push(processB);
  await processB.waitFor('starting', (l) => l.msg === 'sponge starting');
  await sleep(3 * RETRY_MS); // b is a standby: it sees a's renewals
  expect(await holder()).toBe(a.name);
  expect(writesOf(b).map(describeAudit)).toEqual([]);

  // Freeze the leader. Its last renewal is the last write it made.
  processA.pause();
  const frozenAt = Date.now();
  await until('replica-b to take the lease over', async () => ((await holder()) === b.name ? true : undefined), { timeoutMs: 30_000 });
  const takenAt = Date.now();
  const lastRenewalOfA = Math.max(...writesOf(a).map((e) => new Date(e.requestReceivedTimestamp).getTime()));
  const takeover = writesOf(b).find((e) => e.objectRef?.resource === 'leases' && e.verb === 'update' && e.responseStatus?.code === 200)!;
  // b took over a full lease duration after it last saw a renewal, and not much later (its retry period).
  expect(new Date(takeover.requestReceivedTimestamp).getTime() - lastRenewalOfA).toBeGreaterThanOrEqual(LEASE_SECONDS * 1000);
  expect(takenAt - frozenAt).toBeLessThanOrEqual(LEASE_SECONDS * 1000 + 3 * RETRY_MS);

  // Thaw the old leader: its renew deadline passed while frozen, so it must not write, not even the lease.
  processA.resume();
  const resumedAt = Date.now();
  await sleep(4 * RETRY_MS);
  expect(writesOf(a, resumedAt - 1).map(describeAudit)).toEqual([]);
  expect(writesOf(a, lastRenewalOfA).map(describeAudit)).toEqual([]);
  expect(processA.json().some((l) => l.msg === 'not the leader any more: stopped acting on the cluster' || /not the leader/.test(String(l.msg)))).toBe(true);
  expect(await holder()).toBe(b.name);
  expect(writesOf(b, resumedAt).some((e) => e.objectRef?.resource === 'leases')).toBe(true); // b keeps renewing

  // Kill the new leader outright (no release): a takes over within the lease duration.
  processB.signal('SIGKILL');
  const killedAt = Date.now();
  await until('replica-a to take the lease back', async () => ((await holder()) === a.name ? true : undefined), { timeoutMs: 30_000 });
  expect(Date.now() - killedAt).toBeLessThanOrEqual(LEASE_SECONDS * 1000 + 3 * RETRY_MS);
  // Nobody was ever refused by the chart's Role.
  expect(
    audit
      .read(mark, { namespace, verbs: WRITE_VERBS })
      .filter((e) => e.responseStatus?.code === 403)
      .map(describeAudit),
  ).toEqual([]);
});
