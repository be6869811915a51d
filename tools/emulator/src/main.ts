import { errorMessage } from '@infscale/core';
import { startEmulator } from '@infscale/emulator';
import { EMULATOR_USAGE, EmulatorUsageError, parseEmulatorArgs } from './main-args';

/** The emulator as a process: ready line on stdout, SIGTERM/SIGINT close it. Exit 2 on a bad flag. */
async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(EMULATOR_USAGE);
    return;
  }
  const options = parseEmulatorArgs(argv);
  const running = await startEmulator(options);
  console.log(JSON.stringify({ event: 'ready', url: running.url, adminUrl: running.adminUrl, variant: options.variant }));
  const stop = () =>
    void running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`emulator: ${errorMessage(err)}`);
  if (err instanceof EmulatorUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(EMULATOR_USAGE);
    process.exit(2);
  }
  process.exit(1);
});
