// `npm run bench:cluster`: the language server watching a fake cluster of 50,000 pods in 2,000
// namespaces (the test's fake API server, in this process): initial sync time, the server's peak
// memory, and watch event -> updated diagnostics p50/p95. Loopback only; every wait has a deadline.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { FakeApiServer, type KubeObject } from '../test/helpers/fake-apiserver';
import type { StatusResult } from '../server/src/protocol';

/** The cluster's shape: namespaces, Deployments per namespace, pods per Deployment. */
const NAMESPACES = 2_000;
const DEPLOYMENTS = 5;
const PODS = 5;
const WARMUP = 5;
const MEASURED = 40;

/** The figures printed and written to bench/results/cluster.json. */
export interface ClusterFigures {
  pods: number;
  namespaces: number;
  objects: number;
  initialSyncMs: number;
  peakRssMb: number;
  eventP50: number;
  eventP95: number;
}

function deployment(ns: string, d: number): KubeObject[] {
  const app = `app-${d}`;
  const template = { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }] } };
  const out: KubeObject[] = [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app, namespace: ns, labels: { app } },
      spec: { replicas: PODS, selector: { matchLabels: { app } }, template } },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${app}-5f7d`, namespace: ns, labels: { app, 'pod-template-hash': '5f7d' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: app, controller: true, uid: 'u' }] }, spec: { replicas: PODS, template } },
  ];
  for (let p = 0; p < PODS; p++) out.push(pod(ns, `${app}-5f7d-${p}`, { app, 'pod-template-hash': '5f7d' }, `${app}-5f7d`));
  return out;
}

function pod(ns: string, name: string, labels: Record<string, string>, owner?: string): KubeObject {
  const ownerReferences = owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, controller: true, uid: 'u' }] : undefined;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels, ownerReferences },
    spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }] }, status: { phase: 'Running', podIP: '10.1.2.3' } };
}

/** The synthetic cluster: per namespace its Namespace, Deployments with ReplicaSets and pods, and one policy. */
function clusterObjects(): KubeObject[] {
  const out: KubeObject[] = [];
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `ns-${n}`;
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns, team: `t${n % 50}` } } });
    for (let d = 0; d < DEPLOYMENTS; d++) for (const o of deployment(ns, d)) out.push(o);
    out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-team', namespace: ns },
      spec: { podSelector: { matchLabels: { app: 'app-0' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: `t${n % 50}` } } }] }] } });
  }
  return out;
}

/** With BENCH_HEAP_SNAPSHOT=DIR (and BENCH_NODE_ARGS=--heapsnapshot-signal=SIGUSR2): the server writes a heap snapshot there. */
async function heapSnapshot(pid: number, dir: string): Promise<void> {
  const { readdirSync, statSync } = await import('node:fs');
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 120_000;
  let last = -1;
  // Done when the file stops growing (checked every second, at most two minutes).
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const f = readdirSync(dir).find((n) => n.endsWith('.heapsnapshot'));
    const size = f ? statSync(join(dir, f)).size : -1;
    if (size > 0 && size === last) return;
    last = size;
  }
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Runs the scenario against dist/server.js (built first) and returns its figures. */
export async function runClusterBench(root: string): Promise<ClusterFigures> {
  const objects = clusterObjects();
  const fake = await FakeApiServer.start({ objects });
  const dir = mkdtempSync(join(tmpdir(), 'netpol-cluster-bench-'));
  const ws = join(dir, 'ws');
  mkdirSync(ws);
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, fake.kubeconfig(['bench']));
  // The open document: a policy in ns-7 that selects the `probe` pod, which the events relabel.
  const policyFile = join(ws, 'policy.yaml');
  writeFileSync(policyFile, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: probe\n  namespace: ns-7\nspec:\n' +
    '  podSelector:\n    matchLabels:\n      app: probe\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector:\n' +
    '            matchLabels:\n              team: t7\n');
  const uri = pathToFileURL(policyFile).toString();
  // BENCH_NODE_ARGS (e.g. `--cpu-prof`) go to the server's node.
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const proc = spawn(process.execPath, [...nodeArgs, join(root, 'dist', 'server.js'), '--stdio'], { stdio: 'pipe' });
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  let status: StatusResult | undefined;
  let diagnostics: Diagnostic[] | undefined;
  let waiters: (() => void)[] = [];
  const wake = () => { const w = waiters; waiters = []; for (const f of w) f(); };
  const until = async (cond: () => boolean, what: string, ms = 300_000) => {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => { const t = setTimeout(r, 1000); waiters.push(() => { clearTimeout(t); r(); }); });
    }
  };
  conn.onNotification('netpolLens/status', (s: StatusResult) => { status = s; wake(); });
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
    if (p.uri === uri) { diagnostics = p.diagnostics; wake(); }
  });
  conn.onRequest('workspace/configuration', () => [{ cluster: { context: 'bench', kubeconfig } }]);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const total = NAMESPACES * DEPLOYMENTS * PODS;
  try {
    const rootUri = pathToFileURL(ws).toString();
    const workspaceFolders = [{ uri: rootUri, name: 'ws' }];
    await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders, capabilities: { workspace: { configuration: true } } });
    const t0 = performance.now();
    // BENCH_RSS_TRACE=1 prints the server's RSS each second of the first sync (where the peak is).
    const trace = process.env.BENCH_RSS_TRACE ? setInterval(() => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
      console.log(`  ${((performance.now() - t0) / 1000).toFixed(0)} s: ${m ? (Number(m[1]) / 1024).toFixed(0) : '?'} MB`);
    }, 1000) : undefined;
    await conn.sendNotification('initialized', {});
    await until(() => status?.cluster?.connected === true && status.cluster.pods === total, 'the initial sync');
    const initialSyncMs = performance.now() - t0;
    if (trace) clearInterval(trace);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(policyFile, 'utf8') } });
    const selectsNothing = () => diagnostics?.some((d) => d.code === 'policy-selects-nothing');
    await until(() => selectsNothing() === true, 'the first diagnostics');
    const times: number[] = [];
    for (let i = 0; i < WARMUP + MEASURED; i++) {
      const on = i % 2 === 0;
      const t = performance.now();
      fake.apply(pod('ns-7', 'probe', { app: on ? 'probe' : 'other' }));
      await until(() => selectsNothing() === !on, `diagnostics after event ${i}`, 30_000);
      if (i >= WARMUP) times.push(performance.now() - t);
    }
    if (process.env.BENCH_HEAP_SNAPSHOT) await heapSnapshot(proc.pid!, process.env.BENCH_HEAP_SNAPSHOT);
    const peak = peakRssMb(proc.pid!);
    return { pods: total, namespaces: NAMESPACES, objects: objects.length, initialSyncMs, peakRssMb: peak, eventP50: pct(times, 50), eventP95: pct(times, 95) };
  } finally {
    // A clean exit (profiles are written then); killed if it does not come in time.
    const shutdown = conn.sendRequest('shutdown').then(() => conn.sendNotification('exit'));
    await Promise.race([shutdown, new Promise((r) => setTimeout(r, 5000))]).catch(() => undefined);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    proc.kill();
    conn.dispose();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void (async () => {
    const root = join(__dirname, '..', '..');
    const f = await runClusterBench(root);
    console.log(`Cluster source in the language server: ${f.pods.toLocaleString('en')} pods in ${f.namespaces.toLocaleString('en')} namespaces ` +
      `(${f.objects.toLocaleString('en')} objects, fake API server in the bench process)`);
    console.log(`  initial sync (initialized -> status connected with every pod): ${(f.initialSyncMs / 1000).toFixed(1)} s`);
    console.log(`  ${f.peakRssMb < 500 ? 'PASS' : 'FAIL <<<'}  server peak RSS under 500 MB: ${f.peakRssMb.toFixed(0)} MB`);
    const p95 = `${f.eventP95.toFixed(0)} ms (p50 ${f.eventP50.toFixed(0)} ms)`;
    console.log(`  ${f.eventP95 < 200 ? 'PASS' : 'FAIL <<<'}  watch event -> updated diagnostics p95 under 200 ms: ${p95}`);
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', 'cluster.json'), JSON.stringify(f, null, 2));
    process.exit(0);
  })();
}
