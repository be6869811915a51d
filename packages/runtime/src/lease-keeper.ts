import type { Sleep } from './abortable-sleep';

/**
 * client-go's renew loop: every retry period, the leader renews its lease and a standby tries to
 * acquire it, whether or not the loop has anything to do. Without it a leader that only holds would
 * let its lease lapse, and a standby would take over only when it next wanted to act. Each attempt
 * is bounded by the API request timeout; failures are the elector's to log. Stops when `signal` aborts.
 */
export async function keepLeading(actuator: { leading(): Promise<boolean> }, retryPeriodMs: number, sleep: Sleep, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    await actuator.leading();
    await sleep(retryPeriodMs, signal);
  }
}
