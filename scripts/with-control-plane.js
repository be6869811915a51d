#!/usr/bin/env node
// Runs a command while this process holds the test control plane: one control plane for the whole
// `npm test`, shared by every project's cluster tests (each Jest run finds it by the state directory and
// holds it too), stopped at the end unless it was running before (a developer's `npm run testenv -- up`).
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'tools', 'testenv', 'bin', 'testenv.js');
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-control-plane.js <command> [args…]');
  process.exit(2);
}

const out = execFileSync(process.execPath, [cli, 'up', '--json', '--holder', String(process.pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 });
const held = JSON.parse(out.trim().split('\n').pop());
console.log(`${held.line} (${held.started ? 'started for this run' : 'already running, reused'}; state ${held.stateDir})`);

let released = false;
function releaseHold() {
  if (released) return;
  released = true;
  execFileSync(process.execPath, [cli, 'release', '--holder', String(process.pid)], { stdio: ['ignore', 'inherit', 'inherit'] });
}

// Every Jest run of the command appends its failed and retried tests here (scripts/jest/failure-reporter.js).
const failures = path.join(os.tmpdir(), `infscale-test-failures-${process.pid}.log`);
fs.rmSync(failures, { force: true });

/** Prints the failed and retried tests last, so the end of a long log says what went wrong. */
function printFailures() {
  if (!fs.existsSync(failures)) return;
  console.log(`\n=== failed tests, and tests that passed only on a retry, of this run (${failures}) ===\n`);
  console.log(fs.readFileSync(failures, 'utf8'));
  fs.rmSync(failures, { force: true });
}

const env = { ...process.env, INFSCALE_TESTENV_ENDPOINT: JSON.stringify(held.endpoint), INFSCALE_TEST_FAILURES: failures };
const child = spawn(command, args, { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  releaseHold();
  printFailures();
  process.exit(code ?? (signal ? 1 : 0));
});
