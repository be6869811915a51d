import {
  CoordinationV1Api,
  CoreV1Api,
  PatchStrategy,
  makeInformer,
  setHeaderOptions,
  type Informer,
  type KubeConfig,
  type ObjectCache,
  type V1Node,
  type V1Pod,
} from '@kubernetes/client-node';
import { errorMessage } from '@infscale/core';
import { NODE_LEASE_NAMESPACE, STAND_IN_LABEL, STAND_IN_VALUE } from './conventions';
import { capacityAmounts, nodeCapacity, nodeLease, nodeStatus, nodeStatusDue } from './node-sync';
import { PodIpPool } from './pod-ips';
import { allocationRequests, podTiming, syncPod, type PodMemory, type PodTiming } from './pod-sync';
import { addAmounts, parseAmounts, type Amounts } from './quantity';

export interface StandInOptions {
  kubeConfig: KubeConfig;
  timing: PodTiming;
  kubeletVersion: string;
  /** The address every node reports; loopback so that nothing ever leaves this machine. */
  hostIp: string;
  /** How often node leases are renewed (the kubelet's 10 s). */
  leaseRenewMs: number;
  leaseDurationSeconds: number;
  /** How often node status is posted when nothing changes. */
  statusReportMs: number;
  /** A sync runs at least this often, so nothing waits on a missed watch event for long. */
  resyncMs: number;
  now: () => number;
  log: (event: string, fields?: Record<string, unknown>) => void;
}

type Cache<T extends V1Node | V1Pod> = Informer<T> & ObjectCache<T>;

const SELECTOR = `${STAND_IN_LABEL}=${STAND_IN_VALUE}`;
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

function code(err: unknown): number | undefined {
  const c = (err as { code?: unknown })?.code;
  return typeof c === 'number' ? c : undefined;
}

/**
 * The kubelet side of the test cluster, as a client of the real API server: serves every Node
 * labelled testenv.infscale.io/kubelet=stand-in (keeps it Ready, renews its lease) and every pod
 * bound to one (pod-sync.ts decides, this class reads the watches and writes the results).
 */
export class KubeletStandIn {
  private readonly core: CoreV1Api;
  private readonly coordination: CoordinationV1Api;
  private readonly nodes: Cache<V1Node>;
  private readonly pods: Cache<V1Pod>;
  private readonly memories = new Map<string, PodMemory>();
  private readonly ips = new PodIpPool();
  private timer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: StandInOptions) {
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.coordination = options.kubeConfig.makeApiClient(CoordinationV1Api);
    this.nodes = makeInformer<V1Node>(options.kubeConfig, '/api/v1/nodes', () => this.core.listNode({ labelSelector: SELECTOR }), SELECTOR);
    this.pods = makeInformer<V1Pod>(options.kubeConfig, '/api/v1/pods', () => this.core.listPodForAllNamespaces());
  }

  async start(): Promise<void> {
    this.wire('nodes', this.nodes);
    this.wire('pods', this.pods);
    await Promise.all([this.nodes.start(), this.pods.start()]);
    this.leaseTimer = setInterval(() => void this.renewLeases(), this.options.leaseRenewMs);
    await this.renewLeases();
    this.requestSync();
  }

  /** Every change syncs; a watch that fails is restarted after a second (client-node's informer stops on errors). */
  private wire<T extends V1Node | V1Pod>(name: string, informer: Cache<T>): void {
    const changed = () => this.requestSync();
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', changed);
    informer.on('error', (err) => {
      if (this.stopped) return;
      this.options.log('watch-error', { resource: name, error: errorMessage(err) });
      setTimeout(() => void informer.start().catch(() => undefined), 1000).unref();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.leaseTimer);
    await Promise.all([this.nodes.stop(), this.pods.stop()]);
    await this.syncing;
  }

  /** Runs a sync now, or right after the one in flight (events during a sync are never lost). */
  private requestSync(): void {
    if (this.stopped) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.syncing = this.sync()
      .catch((err) => this.options.log('sync-error', { error: errorMessage(err) }))
      .then((wakeAt) => {
        this.syncing = undefined;
        if (this.again) {
          this.again = false;
          return this.requestSync();
        }
        if (this.stopped) return;
        const delay = Math.max(0, Math.min(wakeAt ?? Infinity, this.options.now() + this.options.resyncMs) - this.options.now());
        this.timer = setTimeout(() => this.requestSync(), delay);
      });
  }

  private servedNodes(): Map<string, V1Node> {
    return new Map(this.nodes.list().map((n) => [n.metadata!.name!, n]));
  }

  /** One pass over every served node and pod; returns when the next timed change is due. */
  private async sync(): Promise<number | undefined> {
    const now = this.options.now();
    const nodes = this.servedNodes();
    for (const node of nodes.values()) await this.syncNodeStatus(node, now);

    const pods = this.pods.list().filter((p) => nodes.has(p.spec?.nodeName ?? ''));
    const live = new Set(this.pods.list().map((p) => p.metadata!.uid!));
    for (const uid of this.memories.keys()) if (!live.has(uid)) this.memories.delete(uid);
    this.ips.retain(this.pods.list());

    let wakeAt: number | undefined;
    for (const pod of pods) {
      const node = nodes.get(pod.spec!.nodeName!)!;
      let allocatable: Amounts;
      try {
        allocatable = capacityAmounts(nodeCapacity(node));
      } catch (err) {
        this.options.log('node-invalid', { node: node.metadata?.name, error: errorMessage(err) });
        continue;
      }
      const uid = pod.metadata!.uid!;
      const result = syncPod({
        pod,
        memory: this.memories.get(uid),
        now,
        timing: podTiming(pod, this.options.timing),
        room: { allocatable, othersAllocated: this.allocatedOnNode(pods, pod) },
        podIp: this.ips.assign(pod),
        hostIp: this.options.hostIp,
      });
      this.memories.set(uid, result.memory);
      if (result.wakeAt !== undefined) wakeAt = Math.min(wakeAt ?? Infinity, result.wakeAt);
      await this.act(pod, result.action);
    }
    return wakeAt;
  }

  /** What the other pods on `pod`'s node hold: what the stand-in admitted for them, or their spec if it has not seen them yet. */
  private allocatedOnNode(pods: V1Pod[], pod: V1Pod): Amounts {
    return pods
      .filter((p) => p.spec?.nodeName === pod.spec?.nodeName && p.metadata?.uid !== pod.metadata?.uid)
      .reduce<Amounts>((sum, p) => {
        const memory = this.memories.get(p.metadata!.uid!);
        const requests = memory
          ? allocationRequests(memory.allocated)
          : (p.spec?.containers ?? []).reduce<Amounts>((s, c) => addAmounts(s, parseAmounts(c.resources?.requests)), {});
        return addAmounts(sum, requests);
      }, {});
  }

  private async act(pod: V1Pod, action: ReturnType<typeof syncPod>['action']): Promise<void> {
    const name = pod.metadata!.name!;
    const namespace = pod.metadata!.namespace!;
    try {
      if (action.kind === 'write-status') {
        // The resourceVersion makes the write conditional: a pod changed meanwhile gives 409 and a fresh sync.
        const body = { metadata: { resourceVersion: pod.metadata!.resourceVersion }, status: action.status };
        await this.core.patchNamespacedPodStatus({ name, namespace, body }, MERGE_PATCH);
      } else if (action.kind === 'delete') {
        // In the body: with a DeleteOptions body the API server ignores the gracePeriodSeconds query parameter.
        await this.core.deleteNamespacedPod({ name, namespace, body: { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata!.uid! } } });
        this.options.log('pod-removed', { namespace, name });
      }
    } catch (err) {
      if (code(err) === 409 || code(err) === 404) return;
      this.options.log('pod-write-failed', { namespace, name, action: action.kind, error: errorMessage(err) });
    }
  }

  private async syncNodeStatus(node: V1Node, now: number): Promise<void> {
    const name = node.metadata!.name!;
    try {
      const capacity = nodeCapacity(node);
      if (!nodeStatusDue(node, capacity, now, this.options.statusReportMs)) return;
      const status = nodeStatus(node, capacity, { kubeletVersion: this.options.kubeletVersion, hostIp: this.options.hostIp }, now);
      await this.core.patchNodeStatus({ name, body: { status } }, MERGE_PATCH);
    } catch (err) {
      if (code(err) === 404) return;
      this.options.log('node-status-failed', { node: name, error: errorMessage(err) });
    }
  }

  /** Renews every served node's lease (creates it the first time), as the kubelet does every 10 s. */
  private async renewLeases(): Promise<void> {
    const now = this.options.now();
    for (const node of this.servedNodes().values()) {
      const name = node.metadata!.name!;
      const body = nodeLease(node, NODE_LEASE_NAMESPACE, now, this.options.leaseDurationSeconds);
      try {
        try {
          const current = await this.coordination.readNamespacedLease({ name, namespace: NODE_LEASE_NAMESPACE });
          body.metadata!.resourceVersion = current.metadata?.resourceVersion;
          await this.coordination.replaceNamespacedLease({ name, namespace: NODE_LEASE_NAMESPACE, body });
        } catch (err) {
          if (code(err) !== 404) throw err;
          await this.coordination.createNamespacedLease({ namespace: NODE_LEASE_NAMESPACE, body });
        }
      } catch (err) {
        this.options.log('lease-renew-failed', { node: name, error: errorMessage(err) });
      }
    }
  }
}
