import { Gauge, type Registry } from 'prom-client';

/** A gauge read from live state at scrape time (queue length, busy replicas…), not kept in sync by hand. */
export function collectedGauge(registry: Registry, name: string, help: string, read: () => number, labels: Record<string, string> = {}): Gauge {
  return new Gauge({
    name,
    help,
    labelNames: Object.keys(labels),
    registers: [registry],
    collect() {
      this.set(labels, read());
    },
  });
}
