// Its own file: the module mocks below would break every test that really trains.
describe('importing @infscale/forecasting', () => {
  it('does not load TensorFlow.js: a scaler predicting in plain JS starts without it', () => {
    jest.isolateModules(() => {
      jest.doMock('@tensorflow/tfjs', () => {
        throw new Error('@tensorflow/tfjs was loaded on import');
      });
      jest.doMock('@tensorflow/tfjs-backend-wasm', () => {
        throw new Error('@tensorflow/tfjs-backend-wasm was loaded on import');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const forecasting = require('./index') as typeof import('./index');
      const f = forecasting.presetFallback('ipa');
      expect(f.predict({ nowMs: 0, historyPerSecond: [3, 9, 4] }).peakRps).toBe(9);
      expect(() => forecasting.tensorflow()).toThrow(/await initTensorflow\(\)/);
    });
  });
});
