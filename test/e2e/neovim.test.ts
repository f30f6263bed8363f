// A second real client: Neovim (Debian's 0.7.2) starts dist/server.js over stdio, hovers a
// selector and reads the code lenses of the example workspace (through test/e2e/neovim.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';
import { describeRun, nvimLsp } from './neovim';

test('Neovim gets hover and code lens from the server', async () => {
  const shop = join(ROOT, 'examples', 'shop');
  const file = join(shop, 'policies.yaml');
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes('app: database'));
  const r = await nvimLsp({
    cmd: ['node', join(ROOT, 'dist', 'server.js'), '--stdio'], file, root: shop,
    hover: { line, character: lines[line]!.indexOf('database') + 2, expect: 'shop/database' },
  });
  assert.equal(r.status, 0, describeRun(r));
  assert.match(r.hover ?? '', /Selects pods labelled app=database in namespace shop[^]*in the workspace, 1 workload with 1 pod/, describeRun(r));
  assert.match(r.hover ?? '', /shop\/database/);
  const titles = r.codeLens ?? [];
  assert.ok(titles.includes('selects 1 workload in the workspace · ingress: from 1 workload on TCP 5432'), JSON.stringify(titles));
  assert.equal(titles.length, 5);
});
