import { type Quotas, validateQuotas } from './quotas';

interface TargetState {
  name: string;
  quota: number;
  /** Smooth-WRR credit: grows by the quota each pick, falls by the frame size when chosen. */
  credit: number;
}

/**
 * Interleaved weighted round-robin (InfAdapter's dispatcher). In every frame of Σq picks, target i
 * is chosen exactly q_i times, spread out rather than in runs ({a:3,b:1} gives a a b a). This is the
 * "smooth" WRR of nginx: credits all return to zero at the end of each frame, which is what makes
 * the per-frame counts exact. Ties go to the target listed first, so the sequence is deterministic.
 *
 * setQuotas() takes effect immediately and starts a new frame: make-before-break deletes the old
 * variants right after the new quotas are accepted, so no pick may go to a zero-quota target after
 * the call returns. In-flight counts are kept per name across quota changes (a removed target keeps
 * its count until its requests complete).
 */
export class WeightedDispatcher {
  private targets: TargetState[] = [];
  private total = 0;
  private positionInFrame = 0;
  private readonly inFlightByName = new Map<string, number>();
  private readonly dispatchedByName = new Map<string, number>();

  constructor(quotas: Quotas = {}) {
    this.setQuotas(quotas);
  }

  setQuotas(quotas: Quotas): void {
    validateQuotas(quotas);
    this.targets = Object.entries(quotas)
      .filter(([, quota]) => quota > 0)
      .map(([name, quota]) => ({ name, quota, credit: 0 }));
    this.total = this.targets.reduce((sum, t) => sum + t.quota, 0);
    this.positionInFrame = 0;
  }

  quotas(): Quotas {
    return Object.fromEntries(this.targets.map((t) => [t.name, t.quota]));
  }

  /** Requests per frame (Σ quotas); 0 when no target has a quota. */
  frameSize(): number {
    return this.total;
  }

  /** Picks in the current frame so far (0 at a frame boundary). */
  frameProgress(): number {
    return this.positionInFrame;
  }

  /** The next target, counted as in flight until complete(); undefined when no target has a quota. */
  next(): string | undefined {
    if (this.total === 0) return undefined;
    let chosen = this.targets[0];
    for (const target of this.targets) {
      target.credit += target.quota;
      if (target.credit > chosen.credit) chosen = target;
    }
    chosen.credit -= this.total;
    this.positionInFrame = (this.positionInFrame + 1) % this.total;
    increment(this.inFlightByName, chosen.name, 1);
    increment(this.dispatchedByName, chosen.name, 1);
    return chosen.name;
  }

  /** Marks one request to target as finished (answered or failed). */
  complete(target: string): void {
    const current = this.inFlightByName.get(target) ?? 0;
    if (current === 0) throw new Error(`complete("${target}") without a matching next()`);
    increment(this.inFlightByName, target, -1);
  }

  inFlight(target: string): number {
    return this.inFlightByName.get(target) ?? 0;
  }

  totalInFlight(): number {
    let sum = 0;
    for (const n of this.inFlightByName.values()) sum += n;
    return sum;
  }

  /** Picks per target since construction. */
  dispatched(): Record<string, number> {
    return Object.fromEntries(this.dispatchedByName);
  }
}

function increment(map: Map<string, number>, key: string, by: number): void {
  const value = (map.get(key) ?? 0) + by;
  if (value === 0) map.delete(key);
  else map.set(key, value);
}
