// ESLint rule: an import may not leave its own workspace package by a relative path. Another package
// is imported by its name (`@infscale/kube`, `@infscale/kube/testing`) and declared in package.json, so
// Nx's project graph and npm see every dependency; a relative path past the package root hides it.
import { existsSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

const rootCache = new Map();

/** The nearest folder above `dir` holding a package.json (the workspace package the file belongs to). */
function packageRoot(dir) {
  if (rootCache.has(dir)) return rootCache.get(dir);
  const root = existsSync(resolve(dir, 'package.json')) ? dir : dirname(dir) === dir ? undefined : packageRoot(dirname(dir));
  rootCache.set(dir, root);
  return root;
}

export const noRelativeImportOutsidePackage = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid relative imports that leave the workspace package' },
    schema: [],
    messages: {
      leaves: "'{{source}}' leaves this package ({{pkg}}) for {{target}}: import that package by its name (its `./testing` export for test support) and declare it in package.json",
    },
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const root = packageRoot(dirname(file));
    if (!root) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(file), source);
      if (target === root || target.startsWith(root + sep)) return;
      context.report({ node, messageId: 'leaves', data: { source, pkg: relative(process.cwd(), root) || root, target: relative(root, target) } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node.arguments[0], node.arguments[0].value);
      },
    };
  },
};

export default { rules: { 'no-relative-import-outside-package': noRelativeImportOutsidePackage } };
