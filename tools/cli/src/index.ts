export { run, buildProgram, defaultContext, UsageError, type CliContext, type Io } from './program';
export { startProxy, type ProxyKind } from './commands/proxy-services';
