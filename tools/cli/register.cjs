// Runs the repository's TypeScript directly (CLIs, benchmarks, the intake app in kill -9 tests):
// transpiles each .ts file on load with the workspace's own TypeScript (no type check, like
// ts-jest's isolatedModules; output cached in .local/ts-cache) and resolves the `@dossier-ledger/*` paths of tsconfig.base.json.
// Usage: node -r ./tools/cli/register.cjs path/to/file.ts
'use strict';
require('reflect-metadata');
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

let ts; // loaded on the first cache miss only: requiring TypeScript takes about a second
const cacheDir = path.join(process.env.DL_LOCAL_DIR ?? path.join(__dirname, '..', '..', '.local'), 'ts-cache');

const root = path.resolve(__dirname, '..', '..');
const base = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const aliases = Object.fromEntries(
  Object.entries(base.compilerOptions.paths ?? {}).map(([alias, [target]]) => [alias, path.join(root, target)]),
);

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveWithAliases(request, ...rest) {
  return originalResolve.call(this, aliases[request] ?? request, ...rest);
};

const compilerOptions = {
  module: 'commonjs',
  target: 'es2022',
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  inlineSourceMap: true,
};

function transpile(source, filename) {
  const hash = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${hash}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    ts ??= require('typescript');
    const options = ts.convertCompilerOptionsFromJson(compilerOptions, root).options;
    const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(`${cached}.${process.pid}`, outputText);
      fs.renameSync(`${cached}.${process.pid}`, cached);
    } catch {
      // a read-only checkout still runs, only slower
    }
    return outputText;
  }
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
