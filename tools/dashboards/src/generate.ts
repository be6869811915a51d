#!/usr/bin/env node
// `npm run generate -w @infscale/tool-dashboards`: rewrites dashboards/*.json and the Helm chart's copies.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderAll } from './catalogue';
import { OUTPUT_DIRS, REPO_ROOT } from './output-dirs';

for (const dir of OUTPUT_DIRS) {
  for (const { file, text } of renderAll()) {
    writeFileSync(join(dir, file), text);
    process.stdout.write(`wrote ${relative(REPO_ROOT, join(dir, file))}\n`);
  }
}
