/**
 * Interleaved ("smooth") weighted round-robin over integer quotas: in every frame of Σq picks, target i
 * is picked exactly q_i times, spread out. The seam where packages/dataplane's WeightedDispatcher
 * plugs in (same contract: setQuotas / next).
 */
export interface DeploymentPicker {
  setQuotas(quotas: Readonly<Record<string, number>>): void;
  /** The next deployment, undefined when no quota is positive. */
  next(): string | undefined;
}

export class SmoothWeightedRoundRobin implements DeploymentPicker {
  private names: string[] = [];
  private quotas = new Float64Array(0);
  private credits = new Float64Array(0);
  private total = 0;

  setQuotas(quotas: Readonly<Record<string, number>>): void {
    const entries = Object.entries(quotas).filter(([, q]) => q > 0);
    for (const [name, q] of entries) {
      if (!Number.isSafeInteger(q)) throw new Error(`quota of "${name}" must be an integer, got ${q}`);
    }
    this.names = entries.map(([n]) => n);
    this.quotas = Float64Array.from(entries.map(([, q]) => q));
    this.credits = new Float64Array(entries.length);
    this.total = entries.reduce((s, [, q]) => s + q, 0);
  }

  next(): string | undefined {
    const n = this.names.length;
    if (n === 0) return undefined;
    if (n === 1) return this.names[0];
    let best = 0;
    for (let i = 0; i < n; i++) {
      this.credits[i] += this.quotas[i];
      if (this.credits[i] > this.credits[best]) best = i;
    }
    this.credits[best] -= this.total;
    return this.names[best];
  }
}
