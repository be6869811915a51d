#!/usr/bin/env node
// Creates the skeleton of a workspace project: node scripts/new-project.js packages/solver core profiles
// (folder, then the @infscale packages it depends on). Writes package.json, tsconfig files,
// jest.config.js and src/index.ts; never overwrites an existing file.
const fs = require('node:fs');
const path = require('node:path');

const [dir, ...deps] = process.argv.slice(2);
if (!dir || !/^(packages|apps|tools)\/[a-z0-9-]+$/.test(dir)) {
  console.error('usage: node scripts/new-project.js packages|apps|tools/<name> [dependency ...]');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const abs = path.join(root, dir);
const name = path.basename(dir);
const pkgName = dir.startsWith('packages/') ? `@infscale/${name}` : `@infscale/${dir.split('/')[0].replace(/s$/, '')}-${name}`;

function write(rel, content) {
  const file = path.join(abs, rel);
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

write('package.json', JSON.stringify({
  name: pkgName,
  version: '0.1.0',
  private: true,
  main: 'dist/index.js',
  types: 'dist/index.d.ts',
  scripts: {
    build: 'tsc -b tsconfig.build.json',
    lint: 'eslint src && tsc -p tsconfig.json --noEmit',
    test: 'jest',
  },
  dependencies: Object.fromEntries(deps.map((d) => [`@infscale/${d}`, '*'])),
}, null, 2) + '\n');
write('tsconfig.build.json', JSON.stringify({
  extends: '../../tsconfig.base.json',
  compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
  include: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/test-support/**'],
  references: deps.map((d) => ({ path: `../../packages/${d}/tsconfig.build.json` })),
}, null, 2) + '\n');
write('tsconfig.json', JSON.stringify({
  extends: '../../tsconfig.base.json',
  compilerOptions: { composite: false, noEmit: true, rootDir: 'src' },
  include: ['src/**/*.ts'],
}, null, 2) + '\n');
write('jest.config.js', `module.exports = { ...require('../../jest.preset.js'), displayName: '${name}' };\n`);
write('src/index.ts', '');
console.log(`created ${dir} (${pkgName})`);
