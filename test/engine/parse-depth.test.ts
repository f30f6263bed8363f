// Hostile nesting is refused before the yaml parser sees it (it recurses once per level).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../../server/src/engine/index';

const ids = (text: string) => parseManifests('f.yaml', text).findings.map((f) => [f.id, f.span.start, /nested deeper/.test(f.message)]);
const pol = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n';

test('flow, compact block and indentation nesting past the limit are refused where it happens', () => {
  const flow = `${pol}data: ${'['.repeat(10_000)}`;
  assert.deepEqual(ids(flow), [['yaml-syntax', pol.length + 6 + 200, true]]);
  const block = `${pol}data:\n  ${'- '.repeat(10_000)}x\n`;
  assert.deepEqual(ids(block).map(([id, , deep]) => [id, deep]), [['yaml-syntax', true]]);
  let indented = `${pol}data:\n`;
  for (let i = 1; i < 1000; i++) indented += `${' '.repeat(i)}a:\n`;
  assert.deepEqual(ids(indented).map(([id, , deep]) => [id, deep]), [['yaml-syntax', true]]);
});

test('only the deep document is skipped; ordinary nesting and brackets in strings or comments pass', () => {
  const ok = `${pol}data:\n  a: "${'['.repeat(500)}"\n  b: '${'{'.repeat(500)}'\n  # ${'['.repeat(500)}\n  c: ${'['.repeat(50)}${']'.repeat(50)}\n`;
  assert.deepEqual(ids(ok), []);
  const two = parseManifests('f.yaml', `${ok}---\n${pol}data: ${'['.repeat(300)}\n`);
  assert.equal(two.objects.length, 1);
  assert.deepEqual(two.findings.map((f) => f.id), ['yaml-syntax']);
});
