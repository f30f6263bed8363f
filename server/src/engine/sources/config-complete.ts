// Completion in `.netpol-lens.yaml`: its keys (`render`, `external` and what goes in them), the
// charts and kustomizations of the folder for `helm:` / `kustomize:`, and namespaces.
import { linePath } from '../complete/line-path';
import type { CompletionItemData } from '../complete/complete-at';

/** What the folder offers as values. */
export interface ConfigCompletionContext {
  charts: string[];
  kustomizations: string[];
  namespaces: string[];
}

const DOCS: Record<string, string> = {
  render: 'The Helm charts and kustomizations to render (only these, when listed).',
  external: 'Namespaces and workloads that exist outside the workspace (another repository, an operator).',
  helm: 'A chart directory (with Chart.yaml), relative to this file.',
  kustomize: 'A kustomization directory, relative to this file.',
  releaseName: "The release name (default: the chart directory's name).",
  namespace: 'The namespace the release installs into (default: netpolLens.defaultNamespace).',
  values: 'Values files, relative to this file, in order.',
  set: 'Values set on the command line (`--set-string`), e.g. `{networkPolicy.enabled: "true"}`.',
  namespaces: 'Namespaces that exist outside the workspace.',
  workloads: 'Workloads that run outside the workspace: namespace, name, labels.',
};

/** Completion items at `offset` of a `.netpol-lens.yaml` text. */
export function completeConfig(text: string, offset: number, ctx: ConfigCompletionContext): CompletionItemData[] {
  const at = linePath(text, 0, offset);
  const replace = { start: at.wordStart, end: offset };
  const colon = at.typed.indexOf(':');
  if (colon >= 0) {
    const key = at.typed.slice(0, colon).trim();
    const values = key === 'helm' ? ctx.charts : key === 'kustomize' ? ctx.kustomizations : key === 'namespace' ? ctx.namespaces : [];
    return values.map((v) => ({ label: v, kind: 'value', insertText: v, replace }));
  }
  const p = at.parents;
  let keys: string[] = [];
  if (p.length === 0) keys = ['render', 'external'];
  else if (p.length === 2 && p[0] === 'render' && typeof p[1] === 'number') {
    const kind = at.siblings.includes('helm') ? 'helm' : at.siblings.includes('kustomize') ? 'kustomize' : undefined;
    keys = kind === 'helm' ? ['releaseName', 'namespace', 'values', 'set'] : kind === 'kustomize' ? [] : ['helm', 'kustomize'];
  } else if (p.length === 1 && p[0] === 'external') keys = ['namespaces', 'workloads'];
  return keys.filter((k) => !at.siblings.includes(k)).map((k) => ({
    label: k, kind: 'field', documentation: DOCS[k], replace,
    insertText: k === 'render' ? 'render:\n  - ' : k === 'external' ? 'external:\n  ' : `${k}: `,
  }));
}
