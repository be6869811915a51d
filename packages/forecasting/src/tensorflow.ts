import type * as Tf from '@tensorflow/tfjs';

/** The TensorFlow.js module, typed; loaded by `initTensorflow()`, never on import of this package. */
export type TensorflowModule = typeof Tf;

let ready: Promise<void> | undefined;
let loaded: TensorflowModule | undefined;

/**
 * Loads TensorFlow.js and switches it to the wasm backend (tfjs-node cannot be installed here; wasm
 * trains ~3.5× faster than the pure-JS backend). Lazy so that a scaler predicting with the plain-JS
 * forward pass does not pay for loading tfjs until it loads a model. Idempotent: every caller awaits
 * the same promise. Needed before training or loading a model; predicting afterwards is synchronous.
 */
export function initTensorflow(): Promise<void> {
  ready ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-wasm');
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('TensorFlow.js could not start its wasm backend (@tensorflow/tfjs-backend-wasm)');
    await tf.ready();
    loaded = tf;
  })();
  return ready;
}

/** The loaded TensorFlow.js; throws a clear error when used before `await initTensorflow()`. */
export function tensorflow(): TensorflowModule {
  if (!loaded) throw new Error('TensorFlow.js is not initialised: `await initTensorflow()` once before training or loading a model');
  return loaded;
}

/**
 * Runs `build` without tfjs's "Orthogonal initializer is being called on a matrix with more than
 * 2000 elements" warning: our 25×100 recurrent kernel is built once per model (and once more on
 * every load, before the saved weights replace it), so the warning is noise on the CLI's stderr.
 */
export async function withoutOrthogonalWarning<T>(build: () => T | Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Orthogonal initializer')) return;
    warn(...args);
  };
  try {
    return await build();
  } finally {
    console.warn = warn;
  }
}
