// Groups pod sources into workloads and indexes them by namespace and label, so a selector
// is answered from posting lists instead of a scan of every workload.
import type { PodSource } from './extract-workloads';
import { matchesLabels } from './label-selector';
import type { LabelSelector, Workload } from './types';

/** Which member of a group gives the workload its labels: real pods win over templates. */
const LABEL_PRIORITY: Record<string, number> = { Pod: 3, ReplicaSet: 2, Job: 2 };

/**
 * Groups pod sources by their top-most controller owner (Pod -> ReplicaSet -> Deployment),
 * so the pods of one controller become one workload.
 */
export function groupWorkloads(sources: readonly PodSource[], defaultNamespace: string): Workload[] {
  const byKey = new Map<string, PodSource>();
  const keyOf = (ns: string, kind: string, name: string) => `${ns}\0${kind}\0${name}`;
  for (const s of sources) {
    const k = keyOf(s.namespace ?? defaultNamespace, s.kind, s.name);
    if (!byKey.has(k)) byKey.set(k, s);
  }
  const groups = new Map<string, Group>();
  for (const s of sources) {
    const ns = s.namespace ?? defaultNamespace;
    let kind = s.kind, name = s.name;
    let owner = s.owner;
    const seen = new Set<string>();
    while (owner && !seen.has(keyOf(ns, owner.kind, owner.name))) {
      seen.add(keyOf(ns, owner.kind, owner.name));
      kind = owner.kind;
      name = owner.name;
      owner = byKey.get(keyOf(ns, kind, name))?.owner;
    }
    const gk = keyOf(ns, kind, name);
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { ns, kind, name, members: [] }));
    g.members.push(s);
  }
  const out: Workload[] = [];
  for (const g of splitByLabels(groups.values())) {
    const own = g.members.find((m) => m.kind === g.kind && m.name === g.name);
    let labeller = g.members[0]!;
    for (const m of g.members) if (priority(m) > priority(labeller)) labeller = m;
    const ports = new Map<string, Workload['ports'][number]>();
    for (const m of g.members) for (const p of m.ports) ports.set(`${p.name ?? ''}/${p.port}/${p.protocol}`, p);
    const anchor = own ?? g.members[0]!;
    out.push({
      id: 0,
      kind: g.kind,
      name: g.name,
      namespace: g.ns,
      labels: new Map(labeller.labels),
      ports: [...ports.values()],
      hostNetwork: g.members.some((m) => m.hostNetwork),
      ips: g.members.flatMap((m) => m.ips),
      podIps: g.members.filter((m) => m.kind === 'Pod').map((m) => m.ips),
      pods: podsOf(g),
      file: anchor.file,
      span: anchor.span,
      labelsSpan: labeller.labelsSpan,
    });
  }
  out.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind));
  out.forEach((w, i) => (w.id = i));
  return out;
}

type Group = { ns: string; kind: string; name: string; members: PodSource[] };

/**
 * Pods of one owner are one workload, as long as they carry the same labels. The members that
 * describe the pods most closely decide: real Pods, else the ReplicaSets or Jobs of the owner,
 * else its template. When those differ (a StatefulSet's pods carry their own
 * `statefulset.kubernetes.io/pod-name`; a Deployment mid-rollout has two ReplicaSets), a
 * selector can pick some and not others: merged, one member's labels would decide for all (a
 * wrong "allowed", and one that changed with file order). Then each is its own workload.
 */
function* splitByLabels(groups: Iterable<Group>): Iterable<Group> {
  for (const g of groups) {
    const top = g.members.reduce((m, p) => Math.max(m, priority(p)), -Infinity);
    const leaves = g.members.filter((m) => priority(m) === top);
    const labelSets = new Set(leaves.map((p) => [...p.labels].sort(([a], [b]) => cmp(a, b)).map(([k, v]) => `${k}=${v}`).join('\0')));
    if (labelSets.size <= 1) yield g;
    else for (const p of leaves) yield { ns: g.ns, kind: p.kind, name: p.name, members: [p] };
  }
}

/**
 * The pods of a group: the members that describe the pods most closely, as for labels (real Pods
 * counted one each, else the ReplicaSets' or Jobs' counts, else the controller's); unknown when one is.
 */
function podsOf(g: Group): number | undefined {
  const top = g.members.reduce((m, p) => Math.max(m, priority(p)), -Infinity);
  let n = 0;
  for (const m of g.members) {
    if (priority(m) !== top) continue;
    if (m.pods === undefined) return undefined;
    n += m.pods;
  }
  return n;
}

function priority(m: PodSource): number {
  return LABEL_PRIORITY[m.kind] ?? 1;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Workloads by namespace and by `namespace, key=value`. */
export class WorkloadIndex {
  /** Per namespace: its workloads and posting lists by `key\0value`. */
  private readonly byNamespace = new Map<string, { workloads: Workload[]; byLabel: Map<string, Workload[]> }>();
  private readonly ipHolders: Workload[] = [];
  private readonly hostNetworked: Workload[] = [];
  private readonly values = new Map<string, Set<string>>();

  /**
   * Indexes `workloads`. With `previous`, a namespace whose workloads are the same objects as
   * there keeps its posting lists (a watch event on a large cluster changes one namespace).
   */
  constructor(readonly workloads: readonly Workload[], previous?: WorkloadIndex) {
    const lists = new Map<string, Workload[]>();
    for (const w of workloads) {
      if (w.ips.length > 0) this.ipHolders.push(w);
      if (w.hostNetwork) this.hostNetworked.push(w);
      push(lists, w.namespace, w);
    }
    for (const [ns, list] of lists) {
      const prev = previous?.byNamespace.get(ns);
      if (prev && prev.workloads.length === list.length && prev.workloads.every((w, i) => w === list[i])) { this.byNamespace.set(ns, prev); continue; }
      const byLabel = new Map<string, Workload[]>();
      for (const w of list) for (const [k, v] of w.labels) push(byLabel, `${k}\0${v}`, w);
      this.byNamespace.set(ns, { workloads: list, byLabel });
    }
  }

  /** The values a label key takes in a namespace (memoized: a selector's typo fix asks per peer). */
  valuesOf(ns: string, key: string): ReadonlySet<string> {
    const memo = `${ns}\0${key}`;
    let out = this.values.get(memo);
    if (!out) {
      out = new Set();
      const prefix = `${key}\0`;
      for (const k of this.byNamespace.get(ns)?.byLabel.keys() ?? []) if (k.startsWith(prefix)) out.add(k.slice(prefix.length));
      this.values.set(memo, out);
    }
    return out;
  }

  private postings(ns: string, key: string, value: string): readonly Workload[] {
    return this.byNamespace.get(ns)?.byLabel.get(`${key}\0${value}`) ?? [];
  }

  /** The workloads of one namespace. */
  inNamespace(ns: string): readonly Workload[] {
    return this.byNamespace.get(ns)?.workloads ?? [];
  }

  /** The workloads with a known pod IP: the only ones an ipBlock can match. */
  withIps(): readonly Workload[] {
    return this.ipHolders;
  }

  /** The workloads on the host network (usually few): checked one by one against selectors. */
  withHostNetwork(): readonly Workload[] {
    return this.hostNetworked;
  }

  /** Whether a selector matches any workload of a namespace; stops at the first match. */
  any(ns: string, sel: LabelSelector): boolean {
    if (sel.invalid) return false;
    let candidates: readonly Workload[] = this.inNamespace(ns);
    for (const [k, v] of sel.matchLabels) {
      const list = this.postings(ns, k, v);
      if (list.length < candidates.length) candidates = list;
    }
    return candidates.some((w) => matchesLabels(sel, w.labels));
  }

  /** The namespaces that hold at least one workload. */
  namespaces(): Iterable<string> {
    return this.byNamespace.keys();
  }

  /** The workloads of a namespace that a selector matches, starting from the shortest posting list. */
  select(ns: string, sel: LabelSelector): Workload[] {
    if (sel.invalid) return [];
    let candidates: readonly Workload[] = this.inNamespace(ns);
    for (const [k, v] of sel.matchLabels) {
      const list = this.postings(ns, k, v);
      if (list.length < candidates.length) candidates = list;
    }
    for (const req of sel.matchExpressions) {
      if (req.operator !== 'In') continue;
      const values = [...new Set(req.values)];
      let n = 0;
      for (const v of values) n += this.postings(ns, req.key, v).length;
      if (n < candidates.length) candidates = values.flatMap((v) => this.postings(ns, req.key, v));
    }
    return candidates.filter((w) => matchesLabels(sel, w.labels));
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
