// Tests against the real control plane (and the end-to-end ones) wait on real controllers, a kubelet
// and model loads on a shared 2-core machine: one retry keeps a slow moment from failing a whole CI
// run, and the failure reporter (scripts/jest/failure-reporter.js) still lists every retried test, with
// its failed attempt, at the end of `npm test`. Unit tests are not retried.
const testPath = expect.getState().testPath ?? '';
if (/\.(cluster|e2e)\.test\.ts$/.test(testPath)) jest.retryTimes(1, { logErrorsBeforeRetry: true });
