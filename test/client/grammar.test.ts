// The netpol-flows TextMate grammar, tokenized by vscode-textmate (the engine VS Code uses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { Registry, INITIAL, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { ROOT } from '../helpers/fixtures';
import { runCli } from '../helpers/run-cli';

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
      createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async () => parseRawGrammar(readFileSync(join(ROOT, 'syntaxes', 'netpol-flows.tmLanguage.json'), 'utf8'), 'netpol-flows.tmLanguage.json'),
  });
  const g = await registry.loadGrammar('source.netpol-flows');
  assert.ok(g);
  return g;
}

/** The scopes of each token text on one line, as "text: last scope". */
function tokens(g: IGrammar, line: string): string[] {
  return g.tokenizeLine(line, INITIAL).tokens.map((t) => `${line.slice(t.startIndex, t.endIndex)}: ${t.scopes[t.scopes.length - 1]}`);
}

test('grammar scopes every part of a flows line', async () => {
  const g = await loadGrammar();
  const t = tokens(g, 'shop/backend (Deployment)  ->  shop/database (StatefulSet)  TCP 5432 · UDP 53-60');
  assert.ok(t.includes('shop: entity.name.namespace.netpol-flows'), t.join('\n'));
  assert.ok(t.includes('backend: entity.name.function.workload.netpol-flows'));
  assert.ok(t.includes('Deployment: entity.name.type.kind.netpol-flows'));
  assert.ok(t.includes('StatefulSet: entity.name.type.kind.netpol-flows'));
  assert.ok(t.includes(' -> : keyword.operator.arrow.netpol-flows'), t.join('\n'));
  assert.ok(t.includes('TCP: storage.type.protocol.netpol-flows'));
  assert.ok(t.includes('5432: constant.numeric.port.netpol-flows'));
  assert.ok(t.includes('53-60: constant.numeric.port.netpol-flows'));
});

test('grammar scopes address ranges and "all ports"', async () => {
  const g = await loadGrammar();
  const t = tokens(g, '0.0.0.0/0 (anywhere)  ->  web/frontend (Deployment)  all ports');
  assert.ok(t.includes('0.0.0.0/0 (anywhere): constant.numeric.ip-range.netpol-flows'), t.join('\n'));
  assert.ok(t.includes('all ports: markup.inserted.all-ports.netpol-flows'));
  const r = tokens(g, 'a/b (Pod)  ->  10.0.0.0-10.0.255.255  TCP 443');
  assert.ok(r.includes('10.0.0.0-10.0.255.255: constant.numeric.ip-range.netpol-flows'), r.join('\n'));
});

test('every line of the example flows gets a workload or range scope on both sides', async () => {
  const g = await loadGrammar();
  const out = runCli(['flows', 'examples/shop']).stdout.trimEnd().split('\n');
  for (const line of out) {
    const scopes = g.tokenizeLine(line, INITIAL).tokens.map((tk) => tk.scopes.join(' '));
    const workloads = scopes.filter((s) => s.includes('entity.name.function.workload')).length;
    const ranges = scopes.filter((s) => s.includes('ip-range')).length;
    assert.equal(workloads + ranges, 2, line);
    assert.equal(ranges, (line.match(/\d+\.\d+\.\d+\.\d+/g) ?? []).length > 0 ? 1 : 0, line);
  }
});
