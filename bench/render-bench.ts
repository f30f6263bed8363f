// Rendered sources, measured: a workspace of 50 Helm charts and 20 kustomize roots beside a plain
// policy file. First analysis (CLI and server), the re-render after saving one values file (only
// that chart may render again), and edit→diagnostics on the plain file with rendering on and off.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';

/** The figures of one run. */
export interface RenderFigures {
  charts: number;
  kustomizations: number;
  cliFirstMs: number;
  serverFirstMs: number;
  rendersAtStart: number;
  saveToDiagnosticsMs: number;
  rendersAfterSave: number;
  editP50: number;
  editP95: number;
  editP50RenderOff: number;
  editP95RenderOff: number;
}

const CHARTS = 50;
const KUSTOMIZATIONS = 20;
const EDITS = 20;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

/** The workspace: charts, kustomize base+overlay pairs, and one plain file of policies. */
export function generateRenderWorkspace(): { dir: string; plain: string; values: string; template: string } {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-render-bench-'));
  for (let i = 0; i < CHARTS; i++) {
    const c = join(dir, 'charts', `app-${i}`);
    write(join(c, 'Chart.yaml'), `apiVersion: v2\nname: app-${i}\nversion: 0.1.0\n`);
    write(join(c, 'values.yaml'), 'port: 8080\nreplicas: 2\n');
    write(join(c, 'templates', 'deployment.yaml'),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n  template:\n    metadata:\n` +
      `      labels: {app: {{ .Release.Name }}}\n    spec:\n      containers:\n        - name: app\n          image: app:1\n` +
      `          ports: [{name: http, containerPort: {{ .Values.port }}}]\n`);
    write(join(c, 'templates', 'networkpolicy.yaml'),
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {{ .Release.Name }}-ingress\nspec:\n` +
      `  podSelector: {matchLabels: {app: {{ .Release.Name }}}}\n  policyTypes: [Ingress]\n  ingress:\n` +
      `    - from: [{podSelector: {matchLabels: {app: app-${(i + 1) % CHARTS}}}}]\n      ports: [{port: {{ .Values.port }}}]\n`);
  }
  for (let i = 0; i < KUSTOMIZATIONS; i++) {
    const k = join(dir, 'kustomize', `svc-${i}`);
    write(join(k, 'base', 'kustomization.yaml'), 'resources: [workload.yaml, policy.yaml]\n');
    write(join(k, 'base', 'workload.yaml'),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: svc-${i}}\nspec:\n  template:\n    metadata: {labels: {app: svc-${i}}}\n`);
    write(join(k, 'base', 'policy.yaml'),
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: svc-${i}}\nspec:\n  podSelector: {matchLabels: {app: svc-${i}}}\n` +
      `  policyTypes: [Ingress]\n`);
    write(join(k, 'overlay', 'kustomization.yaml'), `namespace: team-${i}\nresources: [../base]\n`);
  }
  const plain = join(dir, 'plain', 'policies.yaml');
  const docs: string[] = [];
  for (let i = 0; i < 50; i++) docs.push(
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p-${i}, namespace: default}\nspec:\n  podSelector:\n    matchLabels:\n` +
    `      app: app-${i}\n  policyTypes: [Ingress]\n`);
  write(plain, docs.join('---\n'));
  return { dir, plain, values: join(dir, 'charts', 'app-7', 'values.yaml'), template: join(dir, 'charts', 'app-7', 'templates', 'networkpolicy.yaml') };
}

class Client {
  readonly conn: ProtocolConnection;
  private readonly waiters: (() => void)[] = [];
  readonly publishes = new Map<string, number>();
  readonly logs: string[] = [];
  rendering = true;
  renderEnds = 0;
  private readonly renderTokens = new Set<unknown>();
  constructor(proc: ChildProcess, settings: unknown) {
    this.conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => { this.publishes.set(p.uri, (this.publishes.get(p.uri) ?? 0) + 1);
      this.wake(); });
    this.conn.onNotification('netpolLens/status', (s: { render?: { rendering: boolean } }) => { this.rendering = !!s.render?.rendering; this.wake(); });
    this.conn.onNotification('$/progress', (p: { token: unknown; value: { kind: string; title?: string } }) => {
      if (p.value.kind === 'begin' && /rendering/.test(p.value.title ?? '')) this.renderTokens.add(p.token);
      if (p.value.kind === 'end' && this.renderTokens.has(p.token)) this.renderEnds++;
      this.wake();
    });
    this.conn.onNotification('window/logMessage', (m: { message: string }) => { this.logs.push(m.message); this.wake(); });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
  }
  private wake(): void { for (const w of this.waiters.splice(0)) w(); }
  async until(cond: () => boolean, ms = 300_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise<void>((r) => { const t = setTimeout(r, 1000); this.waiters.push(() => { clearTimeout(t); r(); }); });
    }
  }
  /** Renders that really ran (the server logs `(unchanged)` for cache hits). */
  renders(): number {
    return this.logs.filter((l) => /^netpol-lens: rendered /.test(l) && !l.endsWith('(unchanged)')).length;
  }
}

async function server(root: string, dir: string, settings: Record<string, unknown>): Promise<{ c: Client; stop(): Promise<void>; firstMs: number }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], { stdio: 'pipe' });
  proc.stderr!.resume();
  const c = new Client(proc, settings);
  const rootUri = pathToFileURL(dir).toString();
  await c.conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: {} } },
      initializationOptions: { trusted: true } });
  await c.conn.sendNotification('initialized', {});
  await c.until(() => c.renderEnds > 0 && !c.rendering);
  const firstMs = performance.now() - t0;
  return {
    c,
    firstMs,
    stop: async () => {
      await Promise.race([c.conn.sendRequest('shutdown').then(() => c.conn.sendNotification('exit')), new Promise((r) => setTimeout(r, 5000))]);
      proc.kill('SIGKILL');
      c.conn.dispose();
    },
  };
}

async function editTimes(c: Client, plain: string): Promise<number[]> {
  const uri = pathToFileURL(plain).toString();
  const lines = readFileSync(plain, 'utf8').split('\n');
  let seen = c.publishes.get(uri) ?? 0;
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: lines.join('\n') } });
  await c.until(() => (c.publishes.get(uri) ?? 0) > seen);
  const out: number[] = [];
  const targets = lines.map((l, i) => [l, i] as const).filter(([l]) => /^ {6}app: /.test(l)).map(([, i]) => i);
  for (let k = 0; k < 5 + EDITS; k++) {
    const at = targets[(k * 7) % targets.length]!;
    lines[at] = lines[at]!.replace(/app: .*/, `app: edited-${k}`);
    seen = c.publishes.get(uri) ?? 0;
    const t = performance.now();
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: k + 2 }, contentChanges: [{ text: lines.join('\n') }] });
    await c.until(() => (c.publishes.get(uri) ?? 0) > seen);
    out.push(performance.now() - t);
  }
  return out.slice(5);
}

/** Runs the render bench; `tools`: the folder with helm and kubectl. */
export async function runRenderBench(root: string, tools: string): Promise<RenderFigures> {
  const g = generateRenderWorkspace();
  const bins = { helmPath: join(tools, 'helm'), kubectlPath: join(tools, 'kubectl') };
  let t = performance.now();
  const cli = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'check', g.dir, '--helm', bins.helmPath, '--kubectl', bins.kubectlPath],
    { encoding: 'utf8', maxBuffer: 1 << 26 });
  const cliFirstMs = performance.now() - t;
  if (!/rendered /.test(cli.stderr)) throw new Error(`the CLI rendered nothing: ${cli.stderr}`);
  const on = await server(root, g.dir, bins);
  const rendersAtStart = on.c.renders();
  // Save one values file: only its chart renders again.
  const valuesUri = pathToFileURL(g.values).toString();
  const templateUri = pathToFileURL(g.template).toString();
  await on.c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: templateUri, languageId: 'yaml', version: 1, text: readFileSync(g.template,
    'utf8') } });
  await on.c.until(() => (on.c.publishes.get(templateUri) ?? 0) > 0);
  await on.c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: valuesUri, languageId: 'yaml', version: 1, text: readFileSync(g.values,
    'utf8') } });
  writeFileSync(g.values, 'port: 70000\nreplicas: 2\n');
  const before = on.c.renders();
  const ends = on.c.renderEnds;
  t = performance.now();
  await on.c.conn.sendNotification('textDocument/didSave', { textDocument: { uri: valuesUri } });
  // The render after the save has ended and published (the server publishes before ending it).
  await on.c.until(() => on.c.renderEnds > ends && !on.c.rendering);
  const saveToDiagnosticsMs = performance.now() - t;
  const rendersAfterSave = on.c.renders() - before;
  const edits = await editTimes(on.c, g.plain);
  await on.stop();
  const off = await server(root, g.dir, { ...bins, render: false });
  const editsOff = await editTimes(off.c, g.plain);
  await off.stop();
  return {
    charts: CHARTS, kustomizations: KUSTOMIZATIONS, cliFirstMs, serverFirstMs: on.firstMs, rendersAtStart, saveToDiagnosticsMs, rendersAfterSave,
    editP50: pct(edits, 50), editP95: pct(edits, 95), editP50RenderOff: pct(editsOff, 50), editP95RenderOff: pct(editsOff, 95),
  };
}
