// The README's promises stay true: its example output is what the command prints today,
// it starts with exactly the two fresh-machine commands that .ci/run runs, and its table of
// checks is the catalog's (UPDATE_EXPECT=1 rewrites the table from the catalog).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';
import { runCli } from '../helpers/run-cli';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

test('README shows the current output of `netpol-lens flows examples/shop`', () => {
  const r = runCli(['flows', 'examples/shop']);
  assert.equal(r.code, 0);
  assert.ok(readme.includes('```\n' + r.stdout + '```'), `README is stale; current output:\n${r.stdout}`);
});

test('README shows the current output of the explain example', () => {
  const r = runCli(['explain', 'examples/shop', '--from', 'analytics/analytics', '--to', 'shop/database', '--port', '5432']);
  assert.ok(readme.includes(r.stdout.trimEnd()), `README is stale; current output:\n${r.stdout}`);
});

test('README starts with the two commands, and .ci/run runs the second', () => {
  const m = /^# NetworkPolicy Lens\n\n```sh\n(.+)\n(.+)\n```\n/.exec(readme);
  assert.ok(m, 'README must open with a sh block of exactly two commands');
  assert.match(m[1]!, /npm start/);
  assert.match(m[2]!, /npm test/);
  const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  for (const part of m[2]!.split('&&').map((s) => s.trim())) assert.ok(ci.includes(part), `.ci/run must run "${part}"`);
});

test('README lists every check id and every contributed setting', async () => {
  const { ALL_CHECKS } = await import('../../server/src/engine/index');
  const missing = ALL_CHECKS.filter((c) => !readme.includes(`| \`${c.id}\` |`)).map((c) => c.id);
  assert.deepEqual(missing, []);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
  for (const key of Object.keys(pkg.contributes.configuration.properties)) assert.ok(readme.includes(`\`${key}\``), key);
});

/** One row of the README's table of checks, from the catalog (`|` and `<` escaped for markdown). */
function checkRow(c: { id: string; severity: string; summary: string; example: string; optIn?: boolean }): string {
  // A table cell needs `|` escaped even in code; `<` only in text (code shows it as written).
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  return `| \`${c.id}\` | ${c.optIn ? 'off' : c.severity} | ${cell(c.summary).replace(/</g, '&lt;')} | ${c.example ? `\`${cell(c.example)}\`` : ''} |`;
}

test('README table of checks is the catalog: ids, default severities, descriptions and examples, in order', async () => {
  const { ALL_CHECKS } = await import('../../server/src/engine/index');
  const header = '| id | default severity | what it means | example |\n|---|---|---|---|\n';
  const start = readme.indexOf(header);
  assert.ok(start >= 0, 'README must have the table of checks');
  const end = readme.indexOf('\n\n', start);
  const table = readme.slice(start + header.length, end).split('\n');
  const expected = ALL_CHECKS.map(checkRow);
  if (process.env.UPDATE_EXPECT) {
    writeFileSync(join(ROOT, 'README.md'), readme.slice(0, start + header.length) + expected.join('\n') + readme.slice(end));
    return;
  }
  assert.deepEqual(table, expected);
});
