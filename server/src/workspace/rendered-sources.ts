// The server's rendered sources: plans each workspace folder, renders its Helm charts and
// kustomizations off the keystroke path (on start, save and disk change), puts their output in
// the store as read-only files, and restates the findings on them on the files users edit.
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  hoverAt, lineAt, mapFromSource, mapToSource, parseManifests, policyLens, semanticFindings, workloadLens,
  type Finding, type LinkFn, type ManifestObject, type Snapshot,
} from '../engine/index';
import { planFolder, type FolderPlan } from '../render/folder-sources';
import { findBinaries } from '../render/binaries';
import { Renderer } from '../render/renderer';
import { problemFinding, renderedFiles, sourceFindings, type RenderedFile } from '../render/rendered-files';
import { RENDERED_SCHEME, type RenderTargetStatus, type Settings } from '../protocol';
import type { ManifestStore } from './manifest-store';
import { toSlashes } from './find-manifests';

/**
 * The URI of a target's rendered document: `netpol-rendered:/abs/path/of/target.yaml`, written as
 * VS Code writes a URI with no authority, so the document it opens has this very URI.
 */
export function renderedUri(root: string, id: string): string {
  return pathToFileURL(join(root, id)).toString().replace(/^file:\/\//, `${RENDERED_SCHEME}:`) + '.yaml';
}

/** Rendering state of the workspace folders. */
export class RenderedSources {
  private plans: FolderPlan[] = [];
  private readonly files = new Map<string, RenderedFile>();
  private problems: Finding[] = [];
  /** The plans' own findings (blocked targets, the config file), known before any render. */
  private planFindings: Finding[] = [];
  private renderer?: Renderer;
  private abort?: AbortController;
  private rendering = 0;
  private disabledBecause?: string;
  private findingsCache?: { snapshot: Snapshot; byUri: Map<string, Finding[]> };
  /** Each rendered file's parsed objects, for hovers on its sources. */
  private readonly objects = new WeakMap<RenderedFile, readonly ManifestObject[]>();
  /** Each rendered file's source URIs (computed once per render). */
  private readonly sources = new WeakMap<RenderedFile, Set<string>>();
  /** The binaries last logged, so the log says when they change. */
  private lastBinaries?: string;

  constructor(private readonly store: ManifestStore, private readonly log: (message: string) => void) {}

  /**
   * Plans the folders again and renders what changed (the cache skips targets whose inputs did
   * not). A refresh cancels the one before it. Resolves when the store holds the new output, with
   * whether anything that findings or the analysis depend on changed (false also when cancelled).
   */
  async refresh(folders: string[], settings: Settings, trusted: boolean): Promise<boolean> {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.replan(folders, settings);
    this.disabledBecause = !trusted ? 'the workspace is not trusted (no binary runs in Restricted Mode)' : !settings.render ? 'netpolLens.render is off'
      : undefined;
    const binaries = findBinaries({ helmPath: settings.helmPath || undefined, kubectlPath: settings.kubectlPath || undefined });
    for (const p of binaries.problems) this.log(`netpol-lens: ${p}`);
    const found = `helm: ${binaries.helm ?? 'not found'}; ` +
      `kustomize: ${binaries.kustomize ? `${binaries.kustomize.path} (${binaries.kustomize.kind})` : 'not found'}`;
    if (found !== this.lastBinaries) this.log(
      `netpol-lens: render binaries: ${found} (netpolLens.helmPath "${settings.helmPath}", netpolLens.kubectlPath "${settings.kubectlPath}")`);
    this.lastBinaries = found;
    const options = { binaries, defaultNamespace: settings.defaultNamespace };
    if (this.renderer) this.renderer.setOptions(options); else this.renderer = new Renderer(options);
    const renderer = this.renderer;
    const next = new Map<string, RenderedFile>();
    const problems: Finding[] = [];
    if (!this.disabledBecause) {
      this.rendering++;
      try {
        const seen = new Set<string>();
        for (const plan of this.plans) {
          const renders = await renderer.renderFolder(plan, abort.signal);
          if (abort.signal.aborted) return false;
          const r = renderedFiles(plan, renders, (root, t) => renderedUri(root, t.id), seen, settings.defaultNamespace);
          for (const rf of r.files) next.set(rf.name, rf);
          for (const p of r.problems) problems.push(problemFinding(p, (abs) => pathToFileURL(abs).toString()));
          for (const rr of renders) this.log(
            `netpol-lens: ${rr.result.ok ? 'rendered' : 'could not render'} ${rr.target.id} ` +
            `in ${plan.root}${rr.cached ? ' (unchanged)' : ''}${rr.result.ok ? '' : `: ${rr.result.message}`}`);
        }
      } finally {
        this.rendering--;
      }
    }
    if (abort.signal.aborted) return false;
    let changed = JSON.stringify(problems) !== JSON.stringify(this.problems);
    for (const uri of this.files.keys()) if (!next.has(uri)) { this.store.removeRendered(uri); changed = true; }
    for (const [uri, rf] of next) {
      if (this.files.get(uri)?.output.text === rf.output.text) continue;
      this.store.setRendered(uri, rf.output.text, rf.namespace);
      changed = true;
    }
    this.files.clear();
    for (const [k, v] of next) this.files.set(k, v);
    this.problems = problems;
    if (changed) this.findingsCache = undefined;
    return changed;
  }

  /** Plans the folders (no render): the store stops reading targets' inputs raw. Before indexing. */
  replan(folders: string[], settings: Settings): void {
    this.plans = folders.map((root) => planFolder(root, { exclude: settings.exclude, chosen: settings.renderTargets }));
    this.store.setPlans(this.plans);
    this.planFindings = this.plans.flatMap((p) => p.plan.findings.map((f) => ({ ...f, file: pathToFileURL(f.file).toString() })));
    this.findingsCache = undefined;
  }

  /** Code lenses for a source file: what the objects rendered from it select and allow. */
  lensesFor(uri: string, snapshot: Snapshot): { offset: number; title: string }[] {
    const out: { offset: number; title: string }[] = [];
    for (const rf of this.files.values()) {
      const at = (offset: number) => {
        const loc = mapToSource(rf.output, { start: offset, end: offset }, (rel) => this.store.textOf(pathToFileURL(join(rf.root, rel)).toString()));
        return loc && pathToFileURL(join(rf.root, loc.source)).toString() === uri ? loc.span.start : undefined;
      };
      for (const p of snapshot.policies) {
        if (p.file !== rf.name) continue;
        const offset = at(p.span.start);
        if (offset !== undefined) out.push({ offset, title: `${rf.target.id} renders ${p.namespace}/${p.name}: ${policyLens(snapshot, p)}` });
      }
      for (const w of snapshot.workloads) {
        if (w.file !== rf.name) continue;
        const offset = at(w.span.start);
        if (offset !== undefined) out.push({ offset, title: `${rf.target.id} renders ${w.namespace}/${w.name}: ${workloadLens(snapshot, w)}` });
      }
    }
    return out.sort((a, b) => a.offset - b.offset);
  }

  /**
   * The hover on a source line (a template, a kustomize resource): the hover of what the line
   * became in each rendered output, headed by the target that rendered it.
   */
  hoverFor(uri: string, text: string, offset: number, snapshot: Snapshot, link: LinkFn): string | undefined {
    const path = pathOf(uri);
    if (!path) return undefined;
    const parts: string[] = [];
    // A templated line says what it rendered to (`port: {{ .Values.port }}` became `port: 70000`).
    const templated = lineAt(text, offset).text.includes('{{');
    for (const rf of this.files.values()) {
      if (!this.sourcesOf(rf).has(uri)) continue;
      const at = mapFromSource(rf.output, toSlashes(relative(rf.root, path)), text, offset);
      if (at === undefined) continue;
      const h = hoverAt(snapshot, this.objectsOf(rf), at, link);
      const as = templated ? ` as \`${lineAt(rf.output.text, at).text.trim()}\`` : '';
      if (h) parts.push(`*Rendered by \`${rf.target.id}\`${as}:*\n\n${h.markdown}`);
    }
    return parts.length > 0 ? parts.join('\n\n---\n\n') : undefined;
  }

  /** A rendered output's objects with their trees, parsed on the first hover and kept per render. */
  private objectsOf(rf: RenderedFile): readonly ManifestObject[] {
    let objects = this.objects.get(rf);
    if (!objects) this.objects.set(rf, (objects = parseManifests(rf.name, rf.output.text).objects));
    return objects;
  }

  /** What `.netpol-lens.yaml` completion offers in a folder: its charts and kustomizations. */
  configContext(uri: string, snapshot: Snapshot): { charts: string[]; kustomizations: string[]; namespaces: string[] } {
    const path = pathOf(uri);
    const plan = path ? this.plans.find((p) => path.startsWith(p.root + '/')) : undefined;
    const dirs = (name: RegExp) => (plan?.files ?? []).filter((f) => name.test(f)).map((f) => f.slice(0, f.lastIndexOf('/') + 1 || 0).replace(/\/$/, '') ||
      '.');
    return { charts: dirs(/(^|\/)Chart\.yaml$/), kustomizations: dirs(/(^|\/)(kustomization\.ya?ml|Kustomization)$/),
      namespaces: [...snapshot.namespaces.keys()] };
  }

  /** Whether a file (absolute path) is an input of some target, so a save or change re-renders. */
  isInput(path: string): boolean {
    if (this.store.isRenderInput(path)) return true;
    return /(^|\/)(Chart\.yaml|kustomization\.ya?ml|Kustomization|\.netpol-lens\.yaml)$/.test(toSlashes(path))
      && this.plans.some((p) => !relative(p.root, path).startsWith('..'));
  }

  /**
   * Findings that belong on a file the user edits (URI): from rendered output, plans and renders.
   * Only the rendered files with a document from this source are checked, once per snapshot: a
   * keystroke in a plain file costs nothing here.
   */
  findingsFor(uri: string, snapshot: Snapshot): Finding[] {
    if (this.findingsCache?.snapshot !== snapshot) this.findingsCache = { snapshot, byUri: new Map() };
    const cached = this.findingsCache.byUri.get(uri);
    if (cached) return cached;
    const out = [...this.problems, ...this.planFindings].filter((f) => f.file === uri);
    for (const rf of this.files.values()) {
      if (!this.sourcesOf(rf).has(uri)) continue;
      const facts = this.store.renderedFacts(rf.name);
      if (!facts) continue;
      const all = [...facts.findings, ...semanticFindings(snapshot, rf.name)];
      for (const f of sourceFindings(rf, all, (abs) => pathToFileURL(abs).toString(), (abs) => this.store.textOf(pathToFileURL(abs).toString()))) {
        if (f.file === uri) out.push(f);
      }
    }
    this.findingsCache.byUri.set(uri, out);
    return out;
  }

  /** The URIs of the files a rendered output's documents came from. */
  private sourcesOf(rf: RenderedFile): Set<string> {
    let set = this.sources.get(rf);
    if (!set) {
      set = new Set();
      for (const d of rf.output.documents) if (d.source !== undefined) set.add(pathToFileURL(join(rf.root, d.source)).toString());
      this.sources.set(rf, set);
    }
    return set;
  }

  /** The rendered files (for lenses on their sources). */
  renderedFiles(): RenderedFile[] {
    return [...this.files.values()];
  }

  /** A rendered document's text. */
  text(uri: string): string | undefined {
    return this.files.get(uri)?.output.text;
  }

  /** What the status item shows. */
  status(): { rendering: boolean; enabled: boolean; disabledBecause?: string; targets: RenderTargetStatus[] } {
    const targets: RenderTargetStatus[] = [];
    for (const plan of this.plans) {
      for (const t of plan.plan.targets) {
        const uri = renderedUri(plan.root, t.id);
        const problem = this.problems.find((f) => f.file === pathToFileURL(join(plan.root, t.file)).toString());
        const rendered = this.files.has(uri);
        const failed = !rendered && (!!t.blocked || (t.analyzed && !this.disabledBecause && !!problem));
        targets.push({ id: t.id, folder: plan.root, kind: t.spec.kind, state: rendered ? 'rendered' : failed ? 'failed' : 'skipped',
          message: rendered ? undefined : t.blocked ?? t.skipReason ?? this.disabledBecause ?? problem?.message, alternatives: t.alternatives, uri: rendered
            ? uri : undefined });
      }
    }
    return { rendering: this.rendering > 0, enabled: !this.disabledBecause, disabledBecause: this.disabledBecause, targets };
  }
}

/** The file system path of a file URI, or undefined. */
export function pathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}
