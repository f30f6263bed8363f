// A second real client: Neovim (Debian's 0.7.2) starts dist/server.js over stdio, hovers a
// selector and reads the code lenses of the example workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';

test('Neovim gets hover and code lens from the server', () => {
  const shop = join(ROOT, 'examples', 'shop');
  const file = join(shop, 'policies.yaml');
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes('app: database'));
  const r = spawnSync('nvim', ['--headless', '--clean', '-i', 'NONE', '-n', '-c', `luafile ${join(ROOT, 'test', 'e2e', 'nvim-lsp.lua')}`, file], {
    encoding: 'utf8', timeout: 60_000,
    env: { ...process.env, NETPOL_SERVER: join(ROOT, 'dist', 'server.js'), NETPOL_ROOT: shop, NETPOL_LINE: String(line), NETPOL_COL: String(lines[line]!.indexOf('database') + 2), NETPOL_EXPECT: 'shop/database' },
  });
  assert.equal(r.error, undefined, `nvim could not run (install it with 'npm run test:setup'): ${r.error?.message}`);
  const results = new Map<string, unknown>();
  for (const l of r.stdout.split('\n')) if (l.startsWith('{')) { const j = JSON.parse(l) as { kind: string; value: unknown }; results.set(j.kind, j.value); }
  assert.match(String(results.get('hover')), /Selects 1 workload/, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.match(String(results.get('hover')), /shop\/database/);
  const titles = results.get('codeLens') as string[];
  assert.ok(titles.includes('selects 1 workload · ingress: from 1 workload on TCP 5432'), JSON.stringify(titles));
  assert.equal(titles.length, 5);
});
