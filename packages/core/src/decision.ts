import type { DesiredState } from './cluster';

/** How CPU changes reach running pods. */
export type ResizeMode = 'in-place' | 'in-place-or-restart' | 'restart';

/**
 * A scaler's answer for one interval. `hold` keeps everything as it is (no data, stabilization,
 * nothing to change); `apply` asks the actuator to reach `desired`. `reason` is written for people:
 * it goes to the log and to the Kubernetes events.
 */
export type Decision =
  /** quiet: a routine wait between decisions (counted, not logged), not something a person must read. */
  | { kind: 'hold'; reason: string; quiet?: boolean }
  | {
      kind: 'apply';
      desired: DesiredState;
      resize: ResizeMode;
      reason: string;
      /** Scaler-specific numbers for metrics and reports (objective, predicted load, solve ms…). */
      details?: Record<string, number | string>;
    };
