export { run, buildProgram, defaultContext, UsageError, type CliContext, type Io } from './program';
