// The engine is pure: every file under server/src/engine imports only `yaml` or a relative
// path that stays inside engine/. No node:*, no vscode*, no '../' out of the folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { ROOT } from '../helpers/fixtures';

const engine = join(ROOT, 'server', 'src', 'engine');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

/** The imports of one engine file that leave the engine or are not `yaml`. */
function forbiddenImports(file: string, text: string): string[] {
  const bad: string[] = [];
  for (const m of text.matchAll(/(?:import|export)[^'";]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    if (spec === 'yaml') continue;
    if (spec.startsWith('.') && !relative(engine, resolve(dirname(file), spec)).startsWith('..')) continue;
    bad.push(`${relative(ROOT, file)}: ${spec}`);
  }
  return bad;
}

test('the engine imports only yaml and itself', () => {
  const all = files(engine);
  assert.ok(all.length > 10);
  assert.deepEqual(all.flatMap((f) => forbiddenImports(f, readFileSync(f, 'utf8'))), []);
});

test('the scan flags node:*, vscode, and paths out of engine/', () => {
  const f = join(engine, 'x.ts');
  const text = "import { readFileSync } from 'node:fs';\nimport type { Hover } from 'vscode-languageserver';\nexport { a } from '../protocol';\n" +
    "import { b } from './ok';\nimport { c } from 'yaml';";
  assert.deepEqual(forbiddenImports(f, text).map((x) => x.split(': ')[1]), ['node:fs', 'vscode-languageserver', '../protocol']);
});
