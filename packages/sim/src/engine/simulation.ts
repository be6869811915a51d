import { SimCluster } from '../cluster/sim-cluster';
import type { Pod } from '../cluster/pod';
import { Recorder } from '../output/recorder';
import type { Outcome } from '../output/types';
import { ArrivalStream } from '../serving/arrivals';
import { roundRobin } from '../policies/round-robin';
import type { SimConfig } from './config';
import { EventHeap } from './event-heap';
import { Rng } from './random';
import { RequestTable } from './requests';
import { SimStageHost, type StageEngine } from './stage-host';
import { VirtualClock } from './virtual-clock';

const COMPLETE = 0;
const WAKE = 1;
const CALLBACK = 2;
const INTERVAL = 3;

/**
 * The event loop: arrivals (a sorted stream beside the heap, not in it), batch completions, policy
 * wake-ups, cluster timers and interval boundaries. Everything in virtual ms. A request passes the
 * stages in order; each stage's policy decides where it waits and when its batch starts.
 */
export class Simulation implements StageEngine {
  readonly clock = new VirtualClock();
  readonly cluster: SimCluster;
  readonly recorder: Recorder;
  readonly hosts: SimStageHost[];
  readonly durationMs: number;
  readonly requests = new RequestTable();
  private readonly heap = new EventHeap();
  private readonly arrivals: ArrivalStream;
  private readonly serviceRng: Rng;
  private readonly callbacks = new Map<number, () => void>();
  private nextCallback = 0;
  private readonly pendingWake: Float64Array;
  private readonly podsById: (Pod | undefined)[] = [];
  private readonly accuracy = new Map<string, number>();
  private readonly stageCount: number;
  private readonly intervalMs: number;
  private readonly clientTimeoutMs: number;
  /** Subscribers to cluster changes (the actuator waits on them). */
  readonly changeListeners: (() => void)[] = [];

  constructor(readonly config: SimConfig) {
    const rng = new Rng(config.seed ?? 1);
    this.arrivals = new ArrivalStream(config.arrivals, rng.fork());
    this.serviceRng = rng.fork();
    this.durationMs = config.arrivals.length * 1000;
    this.stageCount = config.stages.length;
    this.intervalMs = (config.intervalS ?? 60) * 1000;
    this.pendingWake = new Float64Array(this.stageCount).fill(Infinity);
    this.recorder = new Recorder(config.arrivals.length, this.stageCount, config.onRequest);
    for (const [name, v] of Object.entries(config.variants)) this.accuracy.set(name, v.accuracy);
    const stageIndex = new Map(config.stages.map((s, i) => [s.name, i]));
    this.cluster = new SimCluster(
      config.nodes,
      (stage) => {
        const i = stageIndex.get(stage);
        if (i === undefined) throw new Error(`unknown stage "${stage}" (stages: ${[...stageIndex.keys()].join(', ')})`);
        return i;
      },
      config.service,
      config.distribution ?? 'deterministic',
      {
        loadTimeMs: (variant) => 1000 * (config.variants[variant]?.loadTimeS ?? config.defaultLoadTimeS ?? 5),
        resizeDelayMs: config.resizeDelayMs ?? 1000,
        ...(config.serving?.podQueueLimit ? { queueLimit: config.serving.podQueueLimit } : {}),
        ...(config.serving?.terminationGraceMs !== undefined ? { terminationGraceMs: config.serving.terminationGraceMs } : {}),
      },
      {
        now: () => this.clock.nowMs,
        after: (delayMs, fn) => this.after(delayMs, fn),
        readySetChanged: (stage) => this.readySetChanged(stage),
        podIdle: (pod) => this.pump(pod),
        changed: () => this.notifyChanged(),
        graceExpired: (pod) => this.kill(pod),
      },
    );
    this.clientTimeoutMs = config.serving?.clientTimeoutMs ?? Infinity;
    this.hosts = config.stages.map((s, i) => new SimStageHost(s.name, i, this));
    this.hosts.forEach((host, i) => (host.policy = (config.stages[i].policy ?? roundRobin())(host)));
    for (const spec of config.initial.deployments) this.cluster.create(spec, true);
    for (const r of config.initial.routing) this.route(r.stage, r.weights);
    if (this.intervalMs > 0) this.heap.push(this.intervalMs, (0 << 2) | INTERVAL);
  }

  now(): number {
    return this.clock.nowMs;
  }

  /** Processes every event up to and including limitMs, then sets the clock to limitMs. */
  runUntil(limitMs: number, acceptArrivals = true): void {
    const heap = this.heap;
    const arrivals = this.arrivals;
    const clock = this.clock;
    for (;;) {
      const ta = acceptArrivals ? arrivals.peek() : Infinity;
      const th = heap.peekTime();
      if (ta <= th) {
        if (ta > limitMs) break;
        clock.nowMs = ta;
        arrivals.take();
        this.arrive(ta);
      } else {
        if (th > limitMs) break;
        clock.nowMs = th;
        this.dispatch(heap.pop());
      }
    }
    if (limitMs > clock.nowMs && Number.isFinite(limitMs)) clock.nowMs = limitMs;
  }

  after(delayMs: number, fn: () => void): void {
    const id = this.nextCallback++ & 0x1fffffff;
    this.callbacks.set(id, fn);
    this.heap.push(this.clock.nowMs + Math.max(0, delayMs), (id << 2) | CALLBACK);
  }

  route(stage: string, weights: Readonly<Record<string, number>> | undefined): void {
    const host = this.hosts.find((h) => h.stage === stage);
    if (!host) throw new Error(`route: unknown stage "${stage}"`);
    host.policy.setRouting(weights);
  }

  /** Tells the change listeners (the actuator) to look at the cluster again. */
  notifyChanged(): void {
    for (const listener of this.changeListeners) listener();
  }

  // ---- StageEngine: what policies reach through their host ----

  send(pod: Pod, r: number): void {
    if (pod.phase !== 'ready') throw new Error(`request sent to pod ${pod.id} of ${pod.deployment}, which is ${pod.phase}`);
    pod.dep.dispatched++;
    if (pod.busy < pod.workers && pod.queue.length === 0) {
      this.requests.next[r] = -1;
      this.start(pod, r, 1);
    } else if (pod.queue.length >= pod.queueLimit) {
      this.end(r, -1, undefined, 'rejected');
    } else {
      pod.queue.push(r);
    }
  }

  serve(pod: Pod, list: ArrayLike<number>, count: number): void {
    if (pod.phase !== 'ready') throw new Error(`batch sent to pod ${pod.id} of ${pod.deployment}, which is ${pod.phase}`);
    if (pod.busy >= pod.workers) throw new Error(`batch sent to pod ${pod.id} with no free worker`);
    if (count < 1) return;
    const next = this.requests.next;
    for (let i = 0; i < count; i++) next[list[i]] = i + 1 < count ? list[i + 1] : -1;
    pod.dep.dispatched += count;
    this.start(pod, list[0], count);
  }

  drop(r: number): void {
    this.end(r, -1, undefined);
  }

  wakeAt(stage: number, ms: number): void {
    const at = Math.max(ms, this.clock.nowMs);
    if (this.pendingWake[stage] <= at && this.pendingWake[stage] >= this.clock.nowMs) return;
    this.pendingWake[stage] = at;
    this.heap.push(at, (stage << 2) | WAKE);
  }

  enteredMs(r: number): number {
    return this.requests.enteredMs[r];
  }

  arrivalMs(r: number): number {
    return this.requests.arrivalMs[r];
  }

  deadlineMs(r: number): number {
    return this.requests.deadlineMs[r];
  }

  readyPodsOfStage(stage: number): Pod[] {
    const out: Pod[] = [];
    for (const dep of this.cluster.deployments.values()) {
      if (dep.stageIndex !== stage) continue;
      for (const pod of dep.pods) if (pod.phase === 'ready') out.push(pod);
    }
    return out;
  }

  // ---- the request path ----

  private arrive(t: number): void {
    const second = Math.floor(t / 1000);
    this.recorder.arrive(second);
    const delays = this.config.networkDelayMs;
    const budget = this.config.sloMs - (delays && delays.length > 0 ? delays[second % delays.length] : 0);
    const r = this.requests.alloc(t, t + budget);
    this.enterStage(r, 0);
  }

  private enterStage(r: number, stage: number): void {
    const req = this.requests;
    const limit = this.config.dropLimitMs;
    if (limit !== undefined && this.clock.nowMs - req.arrivalMs[r] > limit) {
      req.stage[r] = stage;
      this.drop(r);
      return;
    }
    req.stage[r] = stage;
    req.enteredMs[r] = this.clock.nowMs;
    this.hosts[stage].policy.arrive(r);
  }

  private start(pod: Pod, head: number, count: number): void {
    const now = this.clock.nowMs;
    const req = this.requests;
    for (let r = head; r !== -1; r = req.next[r]) {
      req.pod[r] = pod.id;
      if (req.startMs[r] < 0) req.startMs[r] = now;
    }
    pod.busy++;
    pod.dep.addBusyCores(now, pod.coresPerWorker);
    this.podsById[pod.id] = pod;
    this.heap.push(now + pod.times.sample(count, this.serviceRng), (head << 2) | COMPLETE);
  }

  private complete(head: number): void {
    const req = this.requests;
    const pod = this.podsById[req.pod[head]] as Pod;
    const stage = pod.dep.stageIndex;
    let count = 0;
    for (let r = head; r !== -1;) {
      const nextInBatch = req.next[r];
      count++;
      // A batch still running when its pod was killed fails with it.
      if (pod.killed) this.drop(r);
      else if (stage + 1 < this.stageCount) this.enterStage(r, stage + 1);
      else this.end(r, stage, pod);
      r = nextInBatch;
    }
    if (!pod.killed) {
      pod.dep.served += count;
      this.recorder.served(stage, count, this.accuracy.get(pod.dep.variant) ?? NaN);
    }
    pod.busy--;
    pod.dep.addBusyCores(this.clock.nowMs, -pod.coresPerWorker);
    this.pump(pod);
  }

  /** Starts what the pod's own queue holds, then lets the policy fill a still-free worker. */
  private pump(pod: Pod): void {
    const req = this.requests;
    const queue = pod.queue;
    while (pod.busy < pod.workers && queue.length > 0) {
      const n = Math.min(pod.dep.batch, queue.length);
      const head = queue.shift();
      let tail = head;
      for (let i = 1; i < n; i++) {
        const r = queue.shift();
        req.next[tail] = r;
        tail = r;
      }
      req.next[tail] = -1;
      this.start(pod, head, n);
    }
    if (pod.phase === 'terminating') {
      this.cluster.finishIfDrained(pod);
      if ((pod.phase as string) === 'gone') this.podsById[pod.id] = undefined;
    } else if (pod.phase === 'ready' && pod.busy < pod.workers) {
      this.hosts[pod.dep.stageIndex].policy.idle(pod);
    }
  }

  /**
   * Ends a request: served by pod at stage (on time, late, or timed out when the client gave up
   * before the answer), or failed without a pod (dropped or rejected).
   */
  private end(r: number, stage: number, pod: Pod | undefined, failure: 'dropped' | 'rejected' = 'dropped'): void {
    const req = this.requests;
    const now = this.clock.nowMs;
    let outcome: Outcome;
    if (pod) {
      const latencyMs = now - req.arrivalMs[r];
      if (latencyMs > this.clientTimeoutMs) {
        outcome = 'timed-out';
        this.recorder.timeOut();
      } else {
        const onTime = now <= req.deadlineMs[r];
        outcome = onTime ? 'on-time' : 'late';
        this.recorder.complete(latencyMs, onTime);
      }
    } else if (failure === 'rejected') {
      outcome = 'rejected';
      this.recorder.reject();
    } else {
      outcome = 'dropped';
      this.recorder.drop();
    }
    const sink = this.recorder.sink;
    if (sink) {
      const s = pod ? stage : req.stage[r];
      sink({
        arrivalMs: req.arrivalMs[r],
        startMs: req.startMs[r],
        endMs: now,
        stage: this.hosts[s].stage,
        deployment: pod?.deployment ?? '',
        variant: pod?.dep.variant ?? '',
        outcome,
      });
    }
    req.release(r);
  }

  /** A terminating pod's grace period ran out: its queue fails now, its running batches when they end. */
  private kill(pod: Pod): void {
    pod.killed = true;
    for (let r = pod.queue.shift(); r !== -1; r = pod.queue.shift()) this.drop(r);
    this.cluster.finishIfDrained(pod);
    if ((pod.phase as string) === 'gone') this.podsById[pod.id] = undefined;
  }

  private dispatch(payload: number): void {
    const kind = payload & 3;
    const id = payload >> 2;
    if (kind === COMPLETE) this.complete(id);
    else if (kind === WAKE) {
      if (this.pendingWake[id] <= this.clock.nowMs) this.pendingWake[id] = Infinity;
      this.hosts[id].policy.wake();
    } else if (kind === CALLBACK) {
      const fn = this.callbacks.get(id);
      this.callbacks.delete(id);
      fn?.();
    } else {
      this.closeInterval();
      if (this.clock.nowMs < this.durationMs) this.heap.push(Math.min(this.clock.nowMs + this.intervalMs, this.durationMs), INTERVAL);
    }
  }

  private closeInterval(): void {
    let pods = 0;
    for (const dep of this.cluster.deployments.values()) pods += dep.replicas;
    this.recorder.closeInterval(this.clock.nowMs, this.cluster.coreMs(this.clock.nowMs), pods);
  }

  private readySetChanged(stage: number): void {
    const host = this.hosts[stage];
    host.markDirty();
    host.policy.podsChanged();
  }

  /** Requests still waiting or being served (for the end of a run). */
  get inFlight(): number {
    return this.requests.inFlight;
  }
}
