// `npm test`'s first step: lines over 160 characters, and arrays spread into a call in the product
// (`push(...xs)` and `Math.max(...xs)` overflow the stack on big inputs). Needs only typescript.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX = 160;
const root = process.argv[2] ?? process.cwd();
const LENGTH_DIRS = ['server', 'client', 'test', 'bench', 'scripts'];
const SPREAD_DIRS = ['server', 'client'];

/** The .ts and .mjs files under a folder, without node_modules, out and test fixtures. */
function sources(dir) {
  let names;
  try { names = readdirSync(dir); } catch { return []; }
  return names.flatMap((n) => {
    const p = join(dir, n);
    if (n === 'node_modules' || n === 'fixtures' || n === 'out' || n === 'dist') return [];
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|mjs)$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

/** Where an argument list spreads an array: each element becomes one argument on the stack. */
function spreadCalls(file, text) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (n) => {
    if (ts.isSpreadElement(n) && (ts.isCallExpression(n.parent) ||
      ts.isNewExpression(n.parent))) found.push(sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

const problems = [];
for (const dir of LENGTH_DIRS) {
  for (const file of sources(join(root, dir))) {
    const text = readFileSync(file, 'utf8');
    const name = relative(root, file);
    text.split('\n').forEach((line, i) => {
      if (line.length > MAX) problems.push(`${name}:${i + 1}: line is ${line.length} characters (at most ${MAX})`);
    });
    if (SPREAD_DIRS.includes(dir)) {
      for (const line of spreadCalls(file, text)) problems.push(`${name}:${line}: an array spread into a call (one argument per element): loop instead`);
    }
  }
}
for (const p of problems) console.error(p);
if (problems.length > 0) {
  console.error(`lint: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  process.exit(1);
}
