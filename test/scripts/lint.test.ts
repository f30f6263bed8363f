// scripts/lint.mjs: fails on lines over 160 characters and on arrays spread into a call in the
// product, names each place, and passes on this repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';

function lint(root: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'lint.mjs'), root], { encoding: 'utf8' });
  return { code: r.status, lines: r.stderr.trim().split('\n').filter((l) => l !== '') };
}

test('lint names each line over 160 characters and each spread into a call, and exits 1', () => {
  const root = mkdtempSync(join(tmpdir(), 'netpol-lint-'));
  for (const d of ['server', 'client', 'test', 'bench', 'scripts', 'test/fixtures']) mkdirSync(join(root, d), { recursive: true });
  const at = (n: number) => `const s = '${'x'.repeat(n - 13)}';`; // a line of exactly n characters
  assert.equal(at(161).length, 161);
  writeFileSync(join(root, 'server', 'a.ts'), `${at(160)}\n${at(161)}\nconst m = Math.max(...[1, 2]);\nconst ok = [...[1], 2];\n`);
  writeFileSync(join(root, 'client', 'b.ts'), 'xs.push(...ys);\n');
  writeFileSync(join(root, 'test', 'c.ts'), `${at(170)}\nMath.max(...rows);\n`); // spreads are allowed outside the product
  writeFileSync(join(root, 'scripts', 'd.mjs'), `${at(200)}\n`);
  writeFileSync(join(root, 'test', 'fixtures', 'e.ts'), `${at(300)}\n`); // fixtures are data
  writeFileSync(join(root, 'bench', 'f.md'), `${at(300)}\n`); // only .ts and .mjs
  const r = lint(root);
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    'server/a.ts:2: line is 161 characters (at most 160)',
    'server/a.ts:3: an array spread into a call (one argument per element): loop instead',
    'client/b.ts:1: an array spread into a call (one argument per element): loop instead',
    'test/c.ts:1: line is 170 characters (at most 160)',
    'scripts/d.mjs:1: line is 200 characters (at most 160)',
    'lint: 5 problems',
  ]);
});

test('lint passes on this repository', () => {
  const r = lint(ROOT);
  assert.deepEqual(r.lines, []);
  assert.equal(r.code, 0);
});
