// Finds what must be rendered before it can be read: Helm charts and root kustomizations of one
// folder (or the targets its `.netpol-lens.yaml` lists), their input files, and which targets
// are alternatives (overlays of one base). Pure: the caller lists the files and reads them.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Finding } from '../types';
import { basenameOf, dirnameOf, isUnder, joinPath } from './posix-path';
import type { RenderConfig, RenderSpec } from './render-config';

/** File names kustomize reads as a kustomization. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A chart or kustomization that the folder's objects come from once rendered. */
export interface RenderTarget {
  /** Stable id: the target's path relative to the folder (`#2`, `#3` for a path listed again). */
  id: string;
  spec: RenderSpec;
  /** The chart's `Chart.yaml` or the kustomization file (relative): where render findings go. */
  file: string;
  /** Folders (relative) whose files are this target's inputs. */
  inputDirs: string[];
  /** Files outside those folders that are inputs too (patches, values files, resources). */
  inputFiles: string[];
  /** Whether it is rendered and analyzed: false for an unchosen alternative or an unlisted target. */
  analyzed: boolean;
  /** Why it is not analyzed. */
  skipReason?: string;
  /** Ids of the other targets that share inputs with this one (alternative deployments). */
  alternatives: string[];
  /** What prevents rendering offline (a dependency not vendored, a remote base), if anything. */
  blocked?: string;
}

/** What a folder holds beyond plain manifests. */
export interface SourcePlan {
  targets: RenderTarget[];
  /** Findings on Chart.yaml / kustomization files (blocked targets) and on the config file. */
  findings: Finding[];
}

/** The role of one file in a plan. */
export type FileRole =
  | { kind: 'plain' }
  /** An input of rendered targets: not read raw; its findings come from the rendered objects. */
  | { kind: 'input'; targets: RenderTarget[]; template: boolean };

/** Inputs of discovery: the folder's files (relative, `/`-separated) and a reader for a few of them. */
export interface DiscoverInput {
  files: readonly string[];
  /** The text of a file of `files`, or undefined when unreadable. */
  read(rel: string): string | undefined;
  config?: RenderConfig;
  /** Target ids (or paths) the user chose among alternatives. */
  chosen?: readonly string[];
  /** The `.netpol-lens.yaml` path (relative), for findings about listed paths. */
  configFile?: string;
}

const REMOTE = /:\/\/|^git@|^(github|gitlab)\.com\/|^bitbucket\.org\/|\?ref=|\?version=/;

interface Kustomization {
  dir: string;
  file: string;
  /** Referenced kustomization folders (resources, bases, components). */
  dirs: { path: string; node?: Node }[];
  /** Referenced files (resources, patches, generators' files). */
  files: string[];
  remote?: { ref: string; span: { start: number; end: number } };
  helmCharts: boolean;
}

/** Plans one folder: which targets exist, which are rendered, and what their inputs are. */
export function discoverTargets(input: DiscoverInput): SourcePlan {
  const fileSet = new Set(input.files);
  const findings: Finding[] = [];
  const kustomizations = new Map<string, Kustomization>();
  for (const f of input.files) {
    if (!KUSTOMIZATION_FILES.includes(basenameOf(f))) continue;
    const dir = dirnameOf(f);
    if (kustomizations.has(dir)) continue; // kustomize itself refuses two; the first is enough here
    kustomizations.set(dir, readKustomization(dir, f, input.read(f) ?? '', fileSet));
  }
  const charts = input.files.filter((f) => basenameOf(f) === 'Chart.yaml').map(dirnameOf);
  // A chart below another chart's charts/ folder is a vendored dependency, not a root.
  const rootCharts = charts.filter((c) => !charts.some((o) => o !== c && isUnder(c, o + '/charts')));
  const referenced = new Set<string>();
  for (const k of kustomizations.values()) for (const d of k.dirs) referenced.add(d.path);
  const discovered: RenderSpec[] = [
    ...rootCharts.map((path): RenderSpec => ({ kind: 'helm', path, values: [], set: [] })),
    ...[...kustomizations.keys()].filter((d) => !referenced.has(d) && !rootCharts.some((c) => isUnder(d, c))).map((path): RenderSpec => ({ kind: 'kustomize',
      path })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listed = input.config?.targets;
  const specs = listed ?? discovered;
  const targets: RenderTarget[] = [];
  const seen = new Map<string, number>();
  const addTarget = (spec: RenderSpec, analyzed: boolean, skipReason?: string) => {
    const n = (seen.get(spec.path) ?? 0) + 1;
    seen.set(spec.path, n);
    const id = n === 1 ? spec.path : `${spec.path}#${n}`;
    targets.push({ id, spec, analyzed, skipReason, alternatives: [], ...inputsOf(spec, kustomizations, fileSet) });
  };
  for (const spec of specs) addTarget(spec, true);
  if (listed) {
    // Discovered targets that the config does not list are not rendered, but their files are still
    // inputs (read raw they would say false things, e.g. a kustomize base without its namespace).
    for (const spec of discovered) if (!listed.some((l) => l.path === spec.path)) addTarget(spec, false,
      `not listed in ${input.configFile ?? '.netpol-lens.yaml'}`);
  }
  for (const t of targets) {
    if (t.spec.kind === 'helm') t.blocked = chartBlocked(t, input, fileSet, findings);
    else if (!fileSet.has(t.file)) t.blocked = `no kustomization file in ${t.spec.path || '.'}`;
    else t.blocked = kustomizeBlocked(t, kustomizations, findings);
    if (t.spec.kind === 'helm' && !fileSet.has(t.file)) t.blocked = `no Chart.yaml in ${t.spec.path || '.'}`;
  }
  markAlternatives(targets.filter((t) => t.analyzed), input.chosen ?? []);
  return { targets, findings };
}

/** The role of a file (relative path) in a plan. */
export function fileRole(plan: SourcePlan, rel: string): FileRole {
  const targets = plan.targets.filter((t) => t.inputDirs.some((d) => isUnder(rel, d)) || t.inputFiles.includes(rel));
  if (targets.length === 0) return { kind: 'plain' };
  const template = targets.some((t) => t.spec.kind === 'helm' && t.inputDirs.some((d) => isUnder(rel, joinPath(d, 'templates'))));
  return { kind: 'input', targets, template };
}

function inputsOf(spec: RenderSpec, ks: Map<string, Kustomization>, files: Set<string>): { file: string; inputDirs: string[]; inputFiles: string[] } {
  if (spec.kind === 'helm') {
    const valueFiles = spec.values.filter((v) => !isUnder(v, spec.path));
    return { file: joinPath(spec.path, 'Chart.yaml'), inputDirs: [spec.path], inputFiles: valueFiles };
  }
  const dirs: string[] = [];
  const extra = new Set<string>();
  const stack = [spec.path];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (dirs.includes(d)) continue;
    dirs.push(d);
    const k = ks.get(d);
    if (!k) continue;
    for (const r of k.dirs) stack.push(r.path);
    for (const f of k.files) extra.add(f);
  }
  const file = KUSTOMIZATION_FILES.map((n) => joinPath(spec.path, n)).find((f) => files.has(f)) ?? joinPath(spec.path, 'kustomization.yaml');
  return { file, inputDirs: dirs, inputFiles: [...extra].filter((f) => !dirs.some((d) => isUnder(f, d))).sort() };
}

function readKustomization(dir: string, file: string, text: string, files: Set<string>): Kustomization {
  const k: Kustomization = { dir, file, dirs: [], files: [], helmCharts: false };
  const doc = parseDocument(text, { uniqueKeys: false });
  const root = doc.contents;
  if (!isMap(root)) return k;
  const ref = (node: unknown) => {
    if (!isScalar(node) || typeof node.value !== 'string') return;
    const value = node.value.trim();
    if (value.includes('\n')) return; // an inline patch, not a path
    if (REMOTE.test(value)) {
      const r = (node as Node).range;
      k.remote ??= { ref: value, span: { start: r?.[0] ?? 0, end: r?.[1] ?? 0 } };
      return;
    }
    const path = joinPath(dir, value);
    if (KUSTOMIZATION_FILES.some((n) => files.has(joinPath(path, n)))) k.dirs.push({ path, node: node as Node });
    else k.files.push(path);
  };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const v = pair.value;
    if (key === 'helmCharts' && isSeq(v) && v.items.length > 0) k.helmCharts = true;
    if (!isSeq(v)) continue;
    for (const item of v.items) {
      if (['resources', 'bases', 'components', 'patchesStrategicMerge', 'crds'].includes(key)) ref(item);
      else if ((key === 'patches' || key === 'patchesJson6902') && isMap(item)) ref(item.get('path', true));
      else if ((key === 'configMapGenerator' || key === 'secretGenerator') && isMap(item)) {
        const fs = item.get('files', true);
        if (isSeq(fs)) for (const f of fs.items) if (isScalar(f) && typeof f.value === 'string') ref({ ...f, value: f.value.replace(/^[^=]*=/, '') });
      }
    }
  }
  return k;
}

function chartBlocked(t: RenderTarget, input: DiscoverInput, files: Set<string>, findings: Finding[]): string | undefined {
  const text = input.read(t.file);
  if (text === undefined) return undefined;
  const doc = parseDocument(text, { uniqueKeys: false });
  const deps = isMap(doc.contents) ? doc.contents.get('dependencies', true) : undefined;
  if (!isSeq(deps)) return undefined;
  const missing: { name: string; node: Node }[] = [];
  for (const d of deps.items) {
    if (!isMap(d)) continue;
    const name = d.get('name');
    const repo = d.get('repository');
    if (typeof name !== 'string') continue;
    // A `file://` dependency points at a chart in the tree; others must be vendored in charts/.
    if (typeof repo === 'string' && repo.startsWith('file://')) {
      if (!files.has(joinPath(joinPath(t.spec.path, repo.slice(7)), 'Chart.yaml'))) missing.push({ name, node: d as unknown as Node });
      continue;
    }
    const chartsDir = joinPath(t.spec.path, 'charts');
    const vendored = files.has(joinPath(chartsDir, `${name}/Chart.yaml`)) || [...files].some((f) => dirnameOf(f) === chartsDir &&
      basenameOf(f).startsWith(`${name}-`) && f.endsWith('.tgz'));
    if (!vendored) missing.push({ name, node: d as unknown as Node });
  }
  if (missing.length === 0) return undefined;
  const names = missing.map((m) => m.name).join(', ');
  const cmd = `helm dependency build ${t.spec.path || '.'}`;
  const reason = `chart dependenc${missing.length === 1 ? 'y' : 'ies'} ${names} not vendored in charts/`;
  const r = missing[0]!.node.range;
  findings.push({ id: 'render-failed', severity: 'warning', file: t.file, span: { start: r?.[0] ?? 0, end: r?.[1] ?? 0 },
    message: `This chart is not rendered: ${reason}. NetworkPolicy Lens never downloads; run \`${cmd}\` to vendor ${missing.length === 1 ? 'it' : 'them'}, ` +
      `then save.` });
  return `${reason} (run \`${cmd}\`)`;
}

function kustomizeBlocked(t: RenderTarget, ks: Map<string, Kustomization>, findings: Finding[]): string | undefined {
  for (const d of t.inputDirs) {
    const k = ks.get(d);
    if (!k) continue;
    if (k.remote) {
      findings.push({ id: 'render-failed', severity: 'warning', file: k.file, span: k.remote.span,
        message: `This kustomization is not rendered: \`${k.remote.ref}\` is a remote base, and NetworkPolicy Lens never uses the network. Vendor it into ` +
          `the repository (or point at a local copy), then save.` });
      return `remote base ${k.remote.ref}`;
    }
  }
  return undefined;
}

/** Groups analyzed targets that share inputs; in each group only the chosen (else the first) stays analyzed. */
function markAlternatives(targets: RenderTarget[], chosen: readonly string[]): void {
  const overlaps = (a: RenderTarget, b: RenderTarget) =>
    a.inputDirs.some((d) => b.inputDirs.some((e) => isUnder(d, e) || isUnder(e, d))) ||
    a.inputFiles.some((f) => b.inputFiles.includes(f) || b.inputDirs.some((d) => isUnder(f, d))) ||
    b.inputFiles.some((f) => a.inputDirs.some((d) => isUnder(f, d)));
  const group = new Map<RenderTarget, RenderTarget[]>();
  for (const t of targets) {
    let g = [t];
    for (const [o, og] of group) {
      if (og === g || !overlaps(t, o)) continue;
      for (const x of og) if (!g.includes(x)) g.push(x);
      g = g.sort((a, b) => targets.indexOf(a) - targets.indexOf(b));
      for (const x of g) group.set(x, g);
    }
    group.set(t, g);
  }
  for (const g of new Set(group.values())) {
    if (g.length < 2) continue;
    const pick = g.find((t) => chosen.includes(t.id) || chosen.includes(t.spec.path)) ?? g[0]!;
    for (const t of g) {
      t.alternatives = g.filter((x) => x !== t).map((x) => x.id);
      if (t !== pick) { t.analyzed = false; t.skipReason = `an alternative to ${pick.id}`; }
    }
  }
}
