// `.netpol-lens.yaml` at a workspace folder's root, parsed into a typed object. This module knows
// `external:` (namespaces and workloads that exist outside the workspace); every other top-level
// key (`render:`, ...) passes through untouched for the modules that own it. Pure: text in.
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Span } from './types';

/** The config file's name, at the root of a workspace folder. */
export const PROJECT_CONFIG_FILE = '.netpol-lens.yaml';

/** A namespace that exists in the cluster though no manifest of the workspace declares it. */
export interface ExternalNamespace {
  name: string;
  /** Its labels besides kubernetes.io/metadata.name (which every namespace has). */
  labels: [string, string][];
}

/** Pods that run in the cluster, deployed from elsewhere (another repository, an operator). */
export interface ExternalWorkload {
  namespace: string;
  name: string;
  labels: [string, string][];
  /** Named container ports, as `PROTOCOL/name`. */
  portNames: string[];
}

/** What the user declares as existing outside the workspace. */
export interface ExternalConfig {
  namespaces: ExternalNamespace[];
  workloads: ExternalWorkload[];
}

/** The whole config file: `external` typed here, other top-level keys as parsed (plain data). */
export interface ProjectConfig {
  external: ExternalConfig;
  [key: string]: unknown;
}

/** Something in the file this module could not use (the rest still counts). */
export interface ConfigProblem {
  message: string;
  span: Span;
  /** 1-based line of the span's start. */
  line: number;
}

/** A config with nothing declared. */
export function emptyProjectConfig(): ProjectConfig {
  return { external: { namespaces: [], workloads: [] } };
}

/** Parses the config file's text; never throws. Unknown keys inside `external` are problems. */
export function parseProjectConfig(text: string): { config: ProjectConfig; problems: ConfigProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const problems: ConfigProblem[] = [];
  const problem = (node: Node | null | undefined, message: string) => {
    const start = node?.range?.[0] ?? 0;
    problems.push({ message, span: { start, end: node?.range?.[1] ?? start }, line: lines.linePos(start).line });
  };
  const config = emptyProjectConfig();
  for (const e of doc.errors) problems.push({ message: e.message, span: { start: e.pos[0], end: e.pos[1] }, line: lines.linePos(e.pos[0]).line });
  if (doc.errors.length > 0) return { config, problems };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { config, problems };
  if (!isMap(root)) { problem(root, 'The config must be a map of keys (external:, ...).'); return { config, problems }; }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (key === 'external') config.external = readExternal(value, problem);
    else if (key) {
      // Passed through as plain data for the module that owns the key; an alias bomb is a problem.
      try { config[key] = isNode(value) ? value.toJS(doc, { maxAliasCount: 100 }) : value; } catch (e) { problem(value, `${key}: ${(e as Error).message}`); }
    }
  }
  return { config, problems };
}

type Problem = (node: Node | null | undefined, message: string) => void;

function readExternal(node: Node | null, problem: Problem): ExternalConfig {
  const out: ExternalConfig = { namespaces: [], workloads: [] };
  if (node === null || (isScalar(node) && node.value === null)) return out;
  if (!isMap(node)) { problem(node, 'external: must be a map with namespaces: and workloads:.'); return out; }
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (key === 'namespaces') {
      for (const item of list(value, 'external.namespaces', problem)) {
        if (isScalar(item) && typeof item.value === 'string' && item.value) { out.namespaces.push({ name: item.value, labels: [] }); continue; }
        const name = isMap(item) ? str(item.get('name', true)) : undefined;
        if (!isMap(item) || !name) { problem(item, 'A namespace is its name, or a map with name: and labels:.'); continue; }
        out.namespaces.push({ name, labels: labels(item.get('labels', true) as Node | null, problem) });
      }
    } else if (key === 'workloads') {
      for (const item of list(value, 'external.workloads', problem)) {
        const namespace = isMap(item) ? str(item.get('namespace', true)) : undefined;
        const name = isMap(item) ? str(item.get('name', true)) : undefined;
        if (!isMap(item) || !namespace || !name) { problem(item, 'A workload needs namespace:, name: and labels: (its pods\' labels).'); continue; }
        const portNames: string[] = [];
        for (const p of list(item.get('ports', true) as Node | null, 'ports', problem)) {
          const portName = isMap(p) ? str(p.get('name', true)) : undefined;
          if (!isMap(p) || !portName) { problem(p, 'A port needs name: (and protocol:, TCP by default).'); continue; }
          portNames.push(`${str(p.get('protocol', true)) ?? 'TCP'}/${portName}`);
        }
        out.workloads.push({ namespace, name, labels: labels(item.get('labels', true) as Node | null, problem), portNames });
      }
    } else {
      problem(pair.key as Node, `Unknown key external.${key}: use namespaces: or workloads:.`);
    }
  }
  return out;
}

function list(node: Node | null | undefined, where: string, problem: Problem): Node[] {
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) { problem(node, `${where}: must be a list.`); return []; }
  return node.items as Node[];
}

function str(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== '' ? String(node.value) : undefined;
}

function labels(node: Node | null | undefined, problem: Problem): [string, string][] {
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
  if (!isMap(node)) { problem(node, 'labels: must be a map of label keys to values.'); return []; }
  const out: [string, string][] = [];
  for (const pair of node.items) {
    const k = str(pair.key);
    if (k) out.push([k, str(pair.value) ?? '']);
  }
  return out;
}
