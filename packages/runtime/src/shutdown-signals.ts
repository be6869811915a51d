/** What receives signals: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Calls `onSignal` on the first SIGTERM (the kubelet stopping the pod) or SIGINT (Ctrl-C). While
 * installed, Node's default of exiting at once is off, so the running step can finish. Returns
 * the function that removes the handlers.
 */
export function onShutdownSignals(onSignal: (signal: NodeJS.Signals) => void, source: SignalSource = process): () => void {
  let fired = false;
  const listener = (signal: NodeJS.Signals) => {
    if (fired) return;
    fired = true;
    onSignal(signal);
  };
  for (const s of SHUTDOWN_SIGNALS) source.on(s, listener);
  return () => {
    for (const s of SHUTDOWN_SIGNALS) source.off(s, listener);
  };
}
