// What the workspace knows of pods it does not describe: Services' selectors, known operators'
// pods (operators.ts), and what `.netpol-lens.yaml` declares. Checks use it to say "no workload
// in the workspace" honestly and to soften warnings about pods that exist elsewhere.
import { operatorPods, type PodEvidence } from './extract-evidence';
import { matchesLabels } from './label-selector';
import { operatorsOfPodLabels } from './operators';
import { PROJECT_CONFIG_FILE, type ExternalConfig } from './project-config';
import type { LabelSelector, Workload } from './types';

/** Evidence in order of strength: what the user declared, then operators, then Services. */
const STRENGTH: Record<PodEvidence['source'], number> = { config: 3, operator: 2, service: 1 };

/** Pods that exist outside the workspace, by namespace (namespaces resolved). */
export class Elsewhere {
  private readonly byNs = new Map<string, (PodEvidence & { namespace: string })[]>();
  /** Namespaces `.netpol-lens.yaml` declares: they exist, and what runs in them is unknown. */
  readonly declaredNamespaces: ReadonlySet<string>;

  constructor(evidence: readonly (PodEvidence & { namespace: string })[] = [], declaredNamespaces: Iterable<string> = []) {
    const sorted = [...evidence].sort((a, b) => STRENGTH[b.source] - STRENGTH[a.source]);
    for (const e of sorted) {
      const list = this.byNs.get(e.namespace);
      if (list) list.push(e); else this.byNs.set(e.namespace, [e]);
    }
    this.declaredNamespaces = new Set(declaredNamespaces);
  }

  /** The namespaces some evidence puts pods in. */
  namespaces(): Iterable<string> {
    return this.byNs.keys();
  }

  /**
   * The strongest evidence of pods in `ns` that a pod selector matches (none: any pods). The
   * evidence's labels are read as the pods' labels: a Service's pods carry at least its
   * selector, so a policy selector matches them when it matches that selector.
   */
  podsMatching(ns: string, sel?: LabelSelector): PodEvidence | undefined {
    return this.byNs.get(ns)?.find((e) => !sel || matchesLabels(sel, new Map(e.labels)));
  }

  /** The strongest evidence of pods matching `sel` in any of `namespaces`, with its namespace. */
  podsMatchingIn(namespaces: readonly string[], sel?: LabelSelector): { e: PodEvidence; ns: string } | undefined {
    let best: { e: PodEvidence; ns: string } | undefined;
    for (const ns of namespaces) {
      const e = this.podsMatching(ns, sel);
      if (e && (!best || STRENGTH[e.source] > STRENGTH[best.e.source])) best = { e, ns };
    }
    return best;
  }

  /** Evidence in `ns`, matching `sel`, whose pods have a container port of this name. */
  portHolder(ns: string, sel: LabelSelector | undefined, protocol: string, name: string): PodEvidence | undefined {
    const key = `${protocol}/${name}`;
    return this.byNs.get(ns)?.find((e) => e.portNames.includes(key) && (!sel || matchesLabels(sel, new Map(e.labels))));
  }
}

/**
 * The evidence of a snapshot: each file's (Services, custom resources), the pods of operators
 * whose own workloads run in the workspace, and the user's declarations.
 */
export function buildElsewhere(fileEvidence: readonly PodEvidence[], workloads: readonly Workload[], external: ExternalConfig,
  defaultNamespace: string): Elsewhere {
  const out: (PodEvidence & { namespace: string })[] = fileEvidence.map((e) => ({ ...e, namespace: e.namespace ?? defaultNamespace }));
  for (const w of workloads) {
    for (const op of operatorsOfPodLabels(w.labels)) {
      for (const e of operatorPods(op, w.name, w.namespace, `${w.kind} ${w.name}`, [], { file: w.file, span: w.span })) out.push({ ...e,
        namespace: w.namespace });
    }
  }
  for (const w of external.workloads) {
    out.push({ source: 'config', what: `${w.name} (declared in ${PROJECT_CONFIG_FILE})`, namespace: w.namespace, labels: w.labels, portNames: w.portNames });
  }
  return new Elsewhere(out, external.namespaces.map((n) => n.name));
}
