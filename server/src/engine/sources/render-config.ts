// Reads the `render:` list of a folder's `.netpol-lens.yaml`: which Helm charts and kustomize
// overlays to render when discovery is not enough. Other top-level keys belong to other readers.
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import type { Finding } from '../types';
import { normalizePath } from './posix-path';

/** The config file's name, at the root of a workspace folder or CLI path. */
export const CONFIG_FILE = '.netpol-lens.yaml';

/** One target as the config file lists it (paths relative to the folder holding the file). */
export type RenderSpec =
  | { kind: 'helm'; path: string; releaseName?: string; namespace?: string; values: string[]; set: [string, string][] }
  | { kind: 'kustomize'; path: string };

/** The render part of the config file. */
export interface RenderConfig {
  /** The targets listed; undefined when the file has no `render:` key (discovery decides). */
  targets?: RenderSpec[];
  /** Problems of the file, on their ranges. */
  findings: Finding[];
}

const HELM_KEYS = new Set(['helm', 'releaseName', 'namespace', 'values', 'set']);
const KUSTOMIZE_KEYS = new Set(['kustomize']);

/** Reads the config text of `file`; never throws. */
export function readRenderConfig(file: string, text: string): RenderConfig {
  const findings: Finding[] = [];
  const problem = (node: Node | Pair | null | undefined, message: string) => {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range ?? ((node as Pair | undefined)?.key as Node | undefined)?.range;
    findings.push({ id: 'project-config', severity: 'error', file, span: { start: range?.[0] ?? 0, end: range?.[1] ?? 0 }, message });
  };
  const doc = parseDocument(text, { uniqueKeys: false });
  for (const e of doc.errors) findings.push({ id: 'yaml-syntax', severity: 'error', file, span: { start: e.pos[0], end: e.pos[1] },
    message: e.message.split('\n')[0]! });
  if (doc.errors.length > 0) return { findings };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { findings };
  if (!isMap(root)) { problem(root, `${CONFIG_FILE} must be a map (e.g. \`render: [...]\`).`); return { findings }; }
  const render = root.items.find((p) => isScalar(p.key) && p.key.value === 'render');
  if (!render) return { findings };
  if (!isSeq(render.value)) { problem(render.value as Node ?? render, '`render` must be a list of targets, each `- helm: DIR` or `- kustomize: DIR`.');
    return { targets: [], findings }; }
  const targets: RenderSpec[] = [];
  for (const item of render.value.items) {
    if (!isMap(item)) { problem(item as Node, 'A render target is a map with `helm: DIR` or `kustomize: DIR`.'); continue; }
    const get = (k: string) => item.items.find((p) => isScalar(p.key) && p.key.value === k);
    const helm = get('helm');
    const kustomize = get('kustomize');
    if (!!helm === !!kustomize) { problem(item, 'A render target names exactly one of `helm: DIR` and `kustomize: DIR`.'); continue; }
    const allowed = helm ? HELM_KEYS : KUSTOMIZE_KEYS;
    let ok = true;
    for (const p of item.items) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      if (!allowed.has(key)) { problem(p.key as Node,
        `Unknown key \`${key}\` in a ${helm ? 'helm' : 'kustomize'} target (allowed: ${[...allowed].join(', ')}).`); ok = false; }
    }
    const str = (p: Pair | undefined, what: string): string | undefined => {
      if (!p) return undefined;
      if (isScalar(p.value) && typeof p.value.value === 'string' && p.value.value !== '') return p.value.value;
      problem((p.value as Node) ?? p, `\`${what}\` must be a non-empty string.`);
      ok = false;
      return undefined;
    };
    if (kustomize) {
      const path = str(kustomize, 'kustomize');
      if (ok && path) targets.push({ kind: 'kustomize', path: normalizePath(path) });
      continue;
    }
    const path = str(helm, 'helm');
    const releaseName = str(get('releaseName'), 'releaseName');
    const namespace = str(get('namespace'), 'namespace');
    const values: string[] = [];
    const v = get('values');
    if (v) {
      if (!isSeq(v.value)) { problem((v.value as Node) ?? v, '`values` must be a list of values files.'); ok = false; }
      else for (const f of v.value.items) {
        if (isScalar(f) && typeof f.value === 'string' && f.value !== '') values.push(normalizePath(f.value));
        else { problem(f as Node, 'A values file is a path (a string).'); ok = false; }
      }
    }
    const set: [string, string][] = [];
    const s = get('set');
    if (s) {
      if (!isMap(s.value)) { problem((s.value as Node) ?? s, '`set` must be a map of value paths to values, e.g. `{networkPolicy.enabled: "true"}`.');
        ok = false; }
      else for (const p of s.value.items) {
        if (isScalar(p.key) && isScalar(p.value) && p.value.value !== null && typeof p.value.value !== 'object') set.push([String(p.key.value),
          String(p.value.value)]);
        else { problem(p.key as Node, 'Each `set` entry maps a value path to a scalar.'); ok = false; }
      }
    }
    if (ok && path) targets.push({ kind: 'helm', path: normalizePath(path), releaseName, namespace, values, set });
  }
  return { targets, findings };
}
