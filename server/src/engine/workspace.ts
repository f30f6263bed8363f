// The set of files the engine knows, and snapshots of them. Re-reading one file re-parses only
// that file; a snapshot keeps the analyses of policies whose inputs did not change.
import { groupWorkloads, WorkloadIndex } from './workload-index';
import { readFile, type FileFacts, type ReadOptions } from './read-file';
import { Snapshot, type PolicyAnalysis } from './snapshot';
import { buildElsewhere, Elsewhere } from './elsewhere';
import type { ExternalConfig } from './project-config';
import type { PodSource } from './extract-workloads';
import type { Namespace, Policy, Workload } from './types';
import type { ClusterPolicy, NodeFact } from './cluster-policy/types';

/** Workspace-wide options. */
export interface WorkspaceOptions {
  /** The namespace of objects that name none (default `default`). */
  defaultNamespace?: string;
  /** Files larger than this are skipped with a finding. */
  maxFileSize?: number;
}

const METADATA_NAME = 'kubernetes.io/metadata.name';

/** The files of a workspace and the cached analysis over them. */
export class Workspace {
  private readonly files = new Map<string, FileFacts>();
  private workloadsDirty = true;
  private policiesDirty = true;
  private current?: Snapshot;
  private workloads: Workload[] = [];
  private index?: WorkloadIndex;
  private analyses = new Map<number, PolicyAnalysis>();
  private namespaceKey = '';
  private external: ExternalConfig = { namespaces: [], workloads: [] };
  private elsewhere = new Elsewhere();
  /** Workloads per namespace: pods group only with owners of their own namespace, so a change regroups its namespaces alone. */
  private readonly grouped = new Map<string, Workload[]>();
  /** Namespaces whose pod sources changed since the last grouping; undefined: every namespace. */
  private dirtyNamespaces: Set<string> | undefined;
  /** Files read as `secondary`. */
  private readonly secondary = new Set<string>();
  /** The namespaces of each file's pod sources, computed once per read. */
  private readonly podNamespaces = new WeakMap<FileFacts, Set<string>>();

  constructor(readonly options: WorkspaceOptions = {}) {}

  /**
   * Reads (or re-reads) one file from its text and returns its facts. A `secondary` file (a live
   * cluster) joins workloads after every other file, so a workload in both is located at the file.
   */
  setFile(file: string, text: string, options: Omit<ReadOptions, 'defaultNamespace' | 'maxFileSize'> & { secondary?: boolean } = {}): FileFacts {
    if (options.secondary) this.secondary.add(file);
    else this.secondary.delete(file);
    const facts = readFile(file, text, { ...options, defaultNamespace: this.options.defaultNamespace, maxFileSize: this.options.maxFileSize });
    this.setFacts(facts);
    return facts;
  }

  /** Reads a file's facts with this workspace's options, without adding them (see `setFacts`). */
  readFacts(file: string, text: string): FileFacts {
    return readFile(file, text, { defaultNamespace: this.options.defaultNamespace, maxFileSize: this.options.maxFileSize });
  }

  /** Replaces one file's facts (for callers that read files elsewhere). */
  setFacts(facts: FileFacts): void {
    this.markChanged(this.files.get(facts.file), facts);
    this.files.set(facts.file, facts);
  }

  /**
   * Sets what `.netpol-lens.yaml` declares as existing outside the workspace (`external:`).
   * Findings depend on it, so every policy is analyzed again.
   */
  setExternal(external: ExternalConfig): void {
    this.external = external;
    this.workloadsDirty = true;
    this.current = undefined;
  }

  /** Forgets a file. */
  removeFile(file: string): void {
    const old = this.files.get(file);
    if (!old) return;
    this.markChanged(old, undefined);
    this.files.delete(file);
    this.secondary.delete(file);
  }

  /** The facts of one file, if known. */
  getFile(file: string): FileFacts | undefined {
    return this.files.get(file);
  }

  /** How many files are known (a map's size: no walk). */
  fileCount(): number {
    return this.files.size;
  }

  /** Every known file's facts. */
  allFiles(): IterableIterator<FileFacts> {
    return this.files.values();
  }

  /** A snapshot of the current state; the same object until the next change. */
  snapshot(): Snapshot {
    if (this.current) return this.current;
    const defaultNamespace = this.options.defaultNamespace ?? 'default';
    if (this.workloadsDirty) {
      this.workloads = this.regroup(defaultNamespace);
      this.index = new WorkloadIndex(this.workloads, this.index);
      this.elsewhere = buildElsewhere([...this.files.values()].flatMap((f) => f.evidence), this.workloads, this.external, defaultNamespace);
      this.analyses = new Map();
    }
    const policies: Policy[] = [];
    for (const f of this.files.values()) for (const p of f.policies) policies.push(p);
    const clusterPolicies: ClusterPolicy[] = [];
    const nodes: NodeFact[] = [];
    for (const f of this.files.values()) {
      for (const p of f.clusterPolicies) clusterPolicies.push(p);
      for (const n of f.nodes) nodes.push(n);
    }
    if (this.policiesDirty && !this.workloadsDirty) {
      // Keep analyses only for policies that still exist: ids are unique per read.
      const live = new Set(policies.map((p) => p.id));
      for (const id of [...this.analyses.keys()]) if (!live.has(id)) this.analyses.delete(id);
    }
    this.workloadsDirty = this.policiesDirty = false;
    const namespaces = this.buildNamespaces(policies);
    // A new implicit namespace can change what a namespaceSelector reaches.
    const nsKey = [...namespaces.keys()].join('\0');
    if (nsKey !== this.namespaceKey) this.analyses.clear();
    this.namespaceKey = nsKey;
    this.current = new Snapshot(namespaces, this.workloads, policies, this.index, this.analyses, this.elsewhere, clusterPolicies, nodes);
    return this.current;
  }

  /**
   * Groups the pod sources of the changed namespaces again (in file order, as one grouping of
   * everything would) and joins every namespace's workloads in (namespace, name, kind) order. A
   * workload whose position moved is a copy with its new id: earlier snapshots are never changed.
   */
  private regroup(defaultNamespace: string): Workload[] {
    const dirty = this.dirtyNamespaces;
    this.dirtyNamespaces = new Set();
    const sources = new Map<string, PodSource[]>();
    for (const f of this.inGroupingOrder()) {
      if (dirty && !this.touches(f, dirty, defaultNamespace)) continue;
      for (const s of f.podSources) {
        const ns = s.namespace ?? defaultNamespace;
        if (dirty && !dirty.has(ns)) continue;
        let list = sources.get(ns);
        if (!list) sources.set(ns, (list = []));
        list.push(s);
      }
    }
    if (!dirty) this.grouped.clear();
    for (const ns of dirty ?? []) this.grouped.delete(ns);
    for (const [ns, list] of sources) this.grouped.set(ns, groupWorkloads(list, defaultNamespace));
    const out: Workload[] = [];
    for (const ns of [...this.grouped.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const list = this.grouped.get(ns)!;
      // Kept for the next grouping: a namespace that did not move keeps its objects (and its index).
      if (list.some((w, i) => w.id !== out.length + i)) this.grouped.set(ns, list.map((w, i) => ({ ...w, id: out.length + i })));
      for (const w of this.grouped.get(ns)!) out.push(w);
    }
    return out;
  }

  /** Files in the order their pods join workloads: as read, secondary files last. */
  private *inGroupingOrder(): Iterable<FileFacts> {
    for (const f of this.files.values()) if (!this.secondary.has(f.file)) yield f;
    for (const f of this.files.values()) if (this.secondary.has(f.file)) yield f;
  }

  /** Whether a file has pod sources in one of `namespaces` (its namespaces are kept with its facts). */
  private touches(f: FileFacts, namespaces: ReadonlySet<string>, defaultNamespace: string): boolean {
    let own = this.podNamespaces.get(f);
    if (!own) {
      own = new Set();
      for (const s of f.podSources) own.add(s.namespace ?? defaultNamespace);
      this.podNamespaces.set(f, own);
    }
    for (const ns of namespaces) if (own.has(ns)) return true;
    return false;
  }

  private buildNamespaces(policies: readonly Policy[]): Map<string, Namespace> {
    const out = new Map<string, Namespace>();
    const ensure = (name: string) => {
      let ns = out.get(name);
      // Every namespace carries kubernetes.io/metadata.name=<name>, written or not (since 1.21).
      if (!ns) out.set(name, (ns = { name, labels: new Map([[METADATA_NAME, name]]) }));
      return ns;
    };
    for (const f of this.files.values()) {
      for (const n of f.namespaces) {
        const ns = ensure(n.name);
        for (const [k, v] of n.labels) ns.labels.set(k, v);
        ns.labels.set(METADATA_NAME, n.name);
        ns.declared ??= { file: n.file, span: n.span };
      }
    }
    // Declared in .netpol-lens.yaml, or holding a Service or an operator's pods: they exist too.
    for (const n of this.external.namespaces) {
      const ns = ensure(n.name);
      for (const [k, v] of n.labels) if (k !== METADATA_NAME) ns.labels.set(k, v);
    }
    for (const ns of this.elsewhere.namespaces()) ensure(ns);
    for (const w of this.workloads) ensure(w.namespace);
    for (const p of policies) ensure(p.namespace);
    return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  private markChanged(before: FileFacts | undefined, after: FileFacts | undefined): void {
    this.current = undefined;
    const hasWorkloadFacts = (f?: FileFacts) => !!f && (f.podSources.length > 0 || f.namespaces.length > 0);
    if (hasWorkloadFacts(before) || hasWorkloadFacts(after)) this.workloadsDirty = true;
    if (this.dirtyNamespaces) {
      const defaultNamespace = this.options.defaultNamespace ?? 'default';
      for (const f of [before, after]) for (const s of f?.podSources ?? []) this.dirtyNamespaces.add(s.namespace ?? defaultNamespace);
    }
    // Evidence of pods elsewhere changes findings as workloads do: when it changed, analyses (and
    // the findings kept with them) start over. A keystroke elsewhere in a Service's file does not.
    if (evidenceKey(before) !== evidenceKey(after)) this.workloadsDirty = true;
    this.policiesDirty = true;
  }
}

/** What a file's evidence says, without its positions. */
function evidenceKey(f: FileFacts | undefined): string {
  if (!f || f.evidence.length === 0) return '';
  return JSON.stringify(f.evidence.map((e) => [e.source, e.what, e.pods, e.namespace, e.labels, e.portNames]));
}
