// Test support for other packages' tests (`@infscale/dataplane/testing`): a stand-in model server, a scripted
// one, and plain HTTP clients. Not part of the proxies; built with them so tests in other workspaces can import it.
export * from './upstream-server';
export * from './scripted-upstream';
export * from './http-client';
export * from './large-upload';
export * from './stalled-request';
export * from './raw-exchange';
export * from './error-log';
