import type { Scaler, ScalerInput, ScalerOutput } from '@infscale/core';

export interface RecordedCall<State> {
  input: ScalerInput;
  state: State;
  output: ScalerOutput<State>;
}

/** The same scaler, keeping every (input, state) → output it was called with: the inputs it "logged". */
export function recordingScaler<State>(scaler: Scaler<State>): { scaler: Scaler<State>; calls: RecordedCall<State>[] } {
  const calls: RecordedCall<State>[] = [];
  return {
    calls,
    scaler: {
      ...scaler,
      decide: (input, state) => {
        const output = scaler.decide(input, state);
        calls.push({ input: structuredClone(input), state: structuredClone(state), output });
        return output;
      },
    },
  };
}
