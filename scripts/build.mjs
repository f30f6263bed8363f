// Bundles the product (dist/) and, with --tests or --bench, the test and bench entry points (out/).
// One bundler for everything: esbuild. Type checking is `tsc --noEmit`, run separately.
import { build } from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', logLevel: 'warning' };

function findFiles(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) for (const f of findFiles(p, suffix)) out.push(f);
    else if (p.endsWith(suffix)) out.push(p);
  }
  return out;
}

if (args.has('--tests')) {
  rmSync('out/test', { recursive: true, force: true });
  await build({ ...common, entryPoints: findFiles('test', '.test.ts'), outdir: 'out/test', outbase: 'test', packages: 'external' });
} else if (args.has('--vscode-suite')) {
  // Runs inside the VS Code extension host: `vscode` is provided there.
  await build({ ...common, entryPoints: { suite: 'test/vscode/suite.ts' }, outdir: 'out/vscode', external: ['vscode'] });
} else if (args.has('--bench')) {
  await build({ ...common, entryPoints: findFiles('bench', '.ts'), outdir: 'out/bench', outbase: 'bench', packages: 'external' });
} else {
  const production = args.has('--production');
  const opts = { ...common, minify: production, sourcemap: production ? false : 'linked' };
  await build({ ...opts, entryPoints: { cli: 'server/src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } });
  const entries = {};
  try { statSync('server/src/server.ts'); entries.server = 'server/src/server.ts'; } catch {}
  try { statSync('client/src/extension.ts'); entries.extension = 'client/src/extension.ts'; } catch {}
  if (entries.server) await build({ ...opts, entryPoints: { server: entries.server }, outdir: 'dist' });
  // The cluster source (client-node, ESM-only, bundled to CommonJS here) is its own file, loaded
  // with require only when a cluster is asked for: start-up without one is unchanged.
  await build({ ...opts, entryPoints: { cluster: 'server/src/cluster/index.ts' }, outdir: 'dist' });
  if (entries.extension) await build({ ...opts, entryPoints: { extension: entries.extension }, outdir: 'dist', external: ['vscode'] });
}
