// A Jest reporter that appends every failed test, and every test that passed only on a retry, to one
// file for the whole `npm test` (INFSCALE_TEST_FAILURES, set by scripts/with-control-plane.js): Nx prints
// each project's output when it ends, so a failure scrolls far above the end of a long CI log; the
// run prints this file last, where a truncated log still shows it.
const fs = require('node:fs');
const path = require('node:path');

const MAX_LINES = 25;

function firstLines(text) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text).replace(/\u001b\[[0-9;]*m/g, '');
  // Jest's own frames say nothing about the failure.
  const lines = plain.split('\n').filter((l) => !/^\s+at .*node_modules/.test(l));
  return lines.slice(0, MAX_LINES).join('\n') + (lines.length > MAX_LINES ? `\n… (${lines.length - MAX_LINES} more lines)` : '');
}

class FailureReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onTestResult(test, result) {
    const file = process.env.INFSCALE_TEST_FAILURES;
    if (!file) return;
    const where = path.relative(path.join(__dirname, '..', '..'), result.testFilePath);
    const entries = [];
    if (result.testExecError) entries.push(`FAILED ${where} (the file did not run)\n${firstLines(result.testExecError.message)}`);
    for (const t of result.testResults) {
      const name = [...t.ancestorTitles, t.title].join(' › ');
      if (t.status === 'failed') entries.push(`FAILED ${where} › ${name}\n${firstLines(t.failureMessages.join('\n'))}`);
      else if (t.status === 'passed' && (t.invocations ?? 1) > 1) {
        entries.push(`PASSED ON RETRY ${t.invocations - 1} ${where} › ${name}; the failed attempts:\n${firstLines((t.retryReasons ?? []).join('\n'))}`);
      }
    }
    if (entries.length > 0) fs.appendFileSync(file, entries.map((e) => `${e}\n\n`).join(''));
  }
}

module.exports = FailureReporter;
