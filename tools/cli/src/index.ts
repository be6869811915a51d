export { run, buildProgram, UsageError, type Io } from './program';
