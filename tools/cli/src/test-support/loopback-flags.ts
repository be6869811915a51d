/** The listener flags as commander fills them with their defaults, both listeners on free loopback ports: every proxy's and the emulator's. */
export const LOOPBACK = {
  port: '0',
  host: '127.0.0.1',
  adminPort: '0',
  adminHost: '127.0.0.1',
  maxBodyBytes: '16777216',
  maxAdminBodyBytes: '1048576',
  maxQueue: '1000',
  maxBatchAnswerBytes: '33554432',
  drainTimeoutMs: '5000',
};
