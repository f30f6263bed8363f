// A deterministic generator of synthetic workspaces for the benchmark: namespaces, workloads
// with named ports, and policies with matchExpressions, combined peers, ipBlocks and endPorts.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A benchmark size. */
export interface Size {
  name: 'small' | 'medium' | 'large';
  policies: number;
  workloads: number;
  namespaces: number;
}

/** The sizes of issue 2. */
export const SIZES: Size[] = [
  { name: 'small', policies: 10, workloads: 50, namespaces: 5 },
  { name: 'medium', policies: 200, workloads: 1000, namespaces: 50 },
  { name: 'large', policies: 2000, workloads: 10000, namespaces: 100 },
];

/** A generated workspace on disk. */
export interface Generated {
  dir: string;
  files: string[];
  policyFile: string;
  workloadRefs: string[];
  counts: { policies: number; workloads: number; namespaces: number; bytes: number };
}

/** Mulberry32: a small seeded PRNG so every run generates the same files. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APPS = ['web', 'api', 'db', 'cache', 'queue', 'worker', 'auth', 'search', 'billing', 'metrics'];
const TIERS = ['frontend', 'backend', 'data', 'ops'];
const TEAMS = ['red', 'blue', 'green', 'gold'];
const KINDS = ['Deployment', 'Deployment', 'Deployment', 'StatefulSet', 'DaemonSet'];

/** Writes the workspace for a size into a fresh temp folder. */
export function generateWorkspace(size: Size, seed = 42): Generated {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const dir = join(tmpdir(), `netpol-bench-${size.name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let bytes = 0;
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    files.push(p);
    bytes += text.length;
    return p;
  };
  const nsName = (i: number) => `ns-${String(i).padStart(3, '0')}`;
  const docs: string[] = [];
  for (let i = 0; i < size.namespaces; i++) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${nsName(i)}\n  labels:\n    team: ${TEAMS[i % TEAMS.length]}\n` +
      `    env: ${i % 3 === 0 ? 'prod' : 'staging'}\n`);
  }
  write('namespaces.yaml', docs.join('---\n'));
  const workloadRefs: string[] = [];
  let batch: string[] = [];
  let fileNo = 0;
  for (let i = 0; i < size.workloads; i++) {
    const ns = nsName(i % size.namespaces);
    const app = APPS[i % APPS.length]!;
    const name = `${app}-${i}`;
    const kind = pick(KINDS);
    const tier = pick(TIERS);
    const version = `v${1 + Math.floor(r() * 3)}`;
    workloadRefs.push(`${ns}/${name}`);
    const ports = `            - name: http\n              containerPort: ${8000 + (i % 50)}\n            - name: metrics\n` +
      `              containerPort: 9100\n${app === 'db' ? '            - name: postgres\n              containerPort: 5432\n' : ''}${app === 'cache'
      ? '            - name: dns-udp\n              containerPort: 53\n              protocol: UDP\n' : ''}`;
    if (i % 97 === 0) {
      batch.push(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels:\n    app: ${app}\n    tier: ${tier}\nspec:\n` +
        `  containers:\n    - name: main\n      image: example/${app}:1\n      ports:\n${ports.replace(/^ {6}/gm, '')}status:\n` +
        `  podIP: 10.${100 + (i % 100)}.${(i >> 8) & 255}.${i & 255}\n`);
    } else {
      batch.push(`apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n` +
        `      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n        tier: ${tier}\n        team: ${TEAMS[i % TEAMS.length]}\n` +
        `        version: ${version}\n    spec:\n      containers:\n        - name: main\n          image: example/${app}:1\n          ports:\n${ports}`);
    }
    if (batch.length === 50) { write(`workloads-${String(fileNo++).padStart(4, '0')}.yaml`, batch.join('---\n')); batch = []; }
  }
  if (batch.length) write(`workloads-${String(fileNo++).padStart(4, '0')}.yaml`, batch.join('---\n'));
  const policies: string[] = [];
  for (let i = 0; i < size.policies; i++) policies.push(policyDoc(i, nsName(i % size.namespaces), nsName(Math.floor(r() * size.namespaces)), pick, r));
  const policyFile = write('policies.yaml', policies.join('---\n'));
  return { dir, files, policyFile, workloadRefs, counts: { policies: size.policies, workloads: size.workloads, namespaces: size.namespaces, bytes } };
}

function policyDoc(i: number, ns: string, otherNs: string, pick: <T>(xs: readonly T[]) => T, r: () => number): string {
  const head = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: policy-${i}\n  namespace: ${ns}\nspec:\n`;
  if (i % 10 === 0) return `${head}  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n`;
  const app = pick(APPS);
  const sel = i % 3 === 0
    ? (`  podSelector:\n    matchExpressions:\n      - key: tier\n        operator: In\n        values: [${pick(TIERS)}, ${pick(TIERS)}]\n` +
      `      - key: version\n        operator: NotIn\n        values: [v3]\n`)
    : `  podSelector:\n    matchLabels:\n      app: ${app}\n`;
  const octet = 10 + Math.floor(r() * 50);
  const peerKinds = [
    `        - podSelector:\n            matchLabels:\n              app: ${pick(APPS)}\n`,
    `        - namespaceSelector:\n            matchLabels:\n              team: ${pick(TEAMS)}\n          podSelector:\n            matchExpressions:\n` +
      `              - key: tier\n                operator: Exists\n`,
    `        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ${otherNs}\n`,
    // The except lies inside its cidr, as the API server requires (one outside makes the block invalid).
    `        - ipBlock:\n            cidr: ${octet}.0.0.0/8\n            except:\n              - ${octet}.${Math.floor(r() * 255)}.0.0/16\n`,
    `        - podSelector:\n            matchExpressions:\n              - key: legacy\n                operator: DoesNotExist\n`,
  ];
  const ports = [
    `        - protocol: TCP\n          port: http\n`,
    `        - port: ${8000 + Math.floor(r() * 50)}\n          endPort: ${8050 + Math.floor(r() * 50)}\n`,
    `        - protocol: TCP\n          port: 5432\n`,
    `        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n`,
  ];
  const rule = (peerKey: string) => `    - ${peerKey}:\n${pick(peerKinds)}${r() < 0.5 ? pick(peerKinds) : ''}      ports:\n${pick(ports)}`;
  const ingress = `  ingress:\n${rule('from')}${r() < 0.4 ? rule('from') : ''}`;
  const egress = i % 4 === 0 ? `  egress:\n${rule('to')}` : '';
  const types = i % 4 === 0 ? '  policyTypes:\n    - Ingress\n    - Egress\n' : '';
  return head + sel + types + ingress + egress;
}
