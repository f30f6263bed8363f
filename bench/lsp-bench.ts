// The language-server half of `npm run bench`: our server and yaml-language-server (with a
// local NetworkPolicy JSON schema, no network) driven through the same scenario on the same
// synthetic workspace: open -> diagnostics, edit -> diagnostics, hover, completion, code lens,
// and the peak RSS of each server process.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { NETWORK_POLICY_SCHEMA, type SchemaField } from '../server/src/engine/index';
import type { Generated } from './generate-workspace';

/** Figures for one server. */
export interface LspFigures {
  server: string;
  openMs: number;
  editP50: number;
  editP95: number;
  /** The first edit after open (a cold process), outside p50/p95. */
  firstEditMs: number;
  hoverP50: number;
  hoverP95: number;
  completionP50: number;
  completionP95: number;
  lensP50: number;
  lensP95: number;
  peakRssMb: number;
  /**
   * p95 of all 20 edits when they start right after `initialized` (ours: while the workspace is
   * still being indexed; the peer has no index, so its run is the same as the steady one).
   */
  earlyEditP95: number;
}

/** Edits made before measuring (JIT warm-up), and edits measured. */
const WARMUP_EDITS = 5;
const MEASURED_EDITS = 15;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** The engine's schema as JSON Schema, for yaml-language-server. */
export function toJsonSchema(f: SchemaField): Record<string, unknown> {
  const base: Record<string, unknown> = { description: f.doc };
  switch (f.type) {
    case 'object': return { ...base, type: 'object', properties: Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, toJsonSchema(v)])),
      required: f.required, additionalProperties: !f.fields };
    case 'array': return { ...base, type: 'array', items: f.fields ? toJsonSchema({ type: 'object', doc: f.doc, fields: f.fields, required: f.required })
      : f.items ? toJsonSchema(f.items) : {} };
    case 'map': return { ...base, type: 'object', additionalProperties: { type: 'string' } };
    case 'integer': return { ...base, type: 'integer' };
    case 'int-or-string': return { ...base, oneOf: [{ type: 'integer' }, { type: 'string' }] };
    default: return f.enum ? { ...base, type: 'string', enum: f.enum } : { ...base, type: 'string' };
  }
}

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch { return NaN; }
}

class Client {
  readonly conn: ProtocolConnection;
  private diag = new Map<string, number>();
  private waiters: (() => void)[] = [];
  indexed = false;
  constructor(readonly proc: ChildProcess, settings: unknown) {
    this.conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => { this.diag.set(p.uri,
      (this.diag.get(p.uri) ?? 0) + 1); this.wake(); });
    this.conn.onNotification('netpolLens/status', (s: { indexing: boolean }) => { this.indexed = !s.indexing; this.wake(); });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section ? (settings as Record<string, unknown>)[i.section] ?? null : settings)));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
  }
  private wake(): void { for (const w of this.waiters.splice(0)) w(); }
  async until(cond: () => boolean, ms = 120_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise<void>((r) => { const t = setTimeout(r, 1000); this.waiters.push(() => { clearTimeout(t); r(); }); });
    }
  }
  publishes(uri: string): number { return this.diag.get(uri) ?? 0; }
}

/** Runs the scenario against one server command. */
async function drive(name: string, cmd: string[], g: Generated, settings: unknown, waitIndex: boolean): Promise<LspFigures> {
  const proc = spawn(process.execPath, cmd, { stdio: 'pipe' });
  proc.stderr!.resume();
  const c = new Client(proc, settings);
  const rootUri = pathToFileURL(g.dir).toString();
  await c.conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, window: { workDoneProgress: true },
    textDocument: { publishDiagnostics: {}, hover: { contentFormat: ['markdown'] }, completion: { completionItem: { snippetSupport: true } } } },
    initializationOptions: {} });
  await c.conn.sendNotification('initialized', {});
  await c.conn.sendNotification('workspace/didChangeConfiguration', { settings });
  if (waitIndex) await c.until(() => c.indexed, 600_000);
  const uri = pathToFileURL(g.policyFile).toString();
  let text = readFileSync(g.policyFile, 'utf8');
  let t = performance.now();
  let seen = c.publishes(uri);
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await c.until(() => c.publishes(uri) > seen);
  const openMs = performance.now() - t;
  const lines = text.split('\n');
  const selectorLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /^ {6}app: /.test(l)).map(([, i]) => i);
  // The first edits of a fresh process run code the JIT has not optimized yet (for both servers):
  // WARMUP_EDITS come first, the first of them reported on its own (firstEditMs), and p50/p95
  // are over the MEASURED_EDITS after them, as a person typing sees them.
  const all: number[] = [];
  for (let k = 0; k < WARMUP_EDITS + MEASURED_EDITS; k++) {
    const target = selectorLines[(k * 37) % selectorLines.length]!;
    lines[target] = lines[target]!.replace(/app: .*/, `app: edited-${k}`);
    text = lines.join('\n');
    seen = c.publishes(uri);
    t = performance.now();
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: k + 2 }, contentChanges: [{ text }] });
    await c.until(() => c.publishes(uri) > seen);
    all.push(performance.now() - t);
  }
  const edits = all.slice(WARMUP_EDITS);
  const timed = async (method: string, params: () => unknown, n: number) => {
    const out: number[] = [];
    for (let k = 0; k < n; k++) { const p = params(); t = performance.now(); await c.conn.sendRequest(method, p); out.push(performance.now() - t); }
    return out;
  };
  let h = 0;
  const hovers = await timed('textDocument/hover', () =>
    ({ textDocument: { uri }, position: { line: selectorLines[(h++ * 53) % selectorLines.length]!, character: 8 } }), 50);
  let q = 0;
  const completions = await timed('textDocument/completion',
    () => ({ textDocument: { uri }, position: { line: selectorLines[(q++ * 71) % selectorLines.length]!, character: 6 } }), 50);
  const lenses = await timed('textDocument/codeLens', () => ({ textDocument: { uri } }), 10);
  const peak = peakRssMb(proc.pid!);
  // A clean shutdown (a CPU profile is written on exit); killed if it does not come.
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  await Promise.race([c.conn.sendRequest('shutdown').then(() => c.conn.sendNotification('exit')), new Promise((r) => setTimeout(r, 5000))]);
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  proc.kill('SIGKILL');
  c.conn.dispose();
  return { server: name, earlyEditP95: pct(all, 95), openMs, firstEditMs: all[0]!, editP50: pct(edits, 50), editP95: pct(edits, 95), hoverP50: pct(hovers, 50),
    hoverP95: pct(hovers, 95), completionP50: pct(completions, 50), completionP95: pct(completions, 95), lensP50: pct(lenses, 50), lensP95: pct(lenses, 95),
    peakRssMb: peak };
}

/** Both servers on one generated workspace. */
export async function runLspBench(root: string, g: Generated): Promise<LspFigures[]> {
  const schemaFile = join(g.dir, '..', 'netpol-bench-networkpolicy.schema.json');
  writeFileSync(schemaFile, JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...toJsonSchema(NETWORK_POLICY_SCHEMA) }));
  // BENCH_PROFILE=DIR writes a CPU profile of our server there (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const ours = await drive('netpol-lens', [...profile, join(root, 'dist', 'server.js'), '--stdio'], g, { netpolLens: { maxFileSize: 64 * 1024 * 1024 } }, true);
  const yamlSettings = { yaml: { schemas: { [pathToFileURL(schemaFile).toString()]: '*.yaml' }, schemaStore: { enable: false }, validate: true, hover: true,
    completion: true } };
  const peer = await drive('yaml-language-server', [join(root, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'], g,
    yamlSettings, false);
  // Typing at once: open and edit while the workspace is being indexed.
  const early = await drive('netpol-lens', [join(root, 'dist', 'server.js'), '--stdio'], g, { netpolLens: { maxFileSize: 64 * 1024 * 1024 } }, false);
  ours.earlyEditP95 = early.earlyEditP95;
  return [ours, peer];
}
