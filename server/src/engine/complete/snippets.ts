// Whole-policy snippets for an empty document: deny all ingress/egress/both, allow DNS egress,
// allow from a namespace, from pods, from pods in another namespace. Tab stops in LSP snippet
// syntax; namespaces and labels are choices among the workspace's own (never invented ones).

/** A snippet item (the replace span is added by the caller). */
export interface SnippetData {
  label: string;
  kind: 'snippet';
  detail: string;
  documentation: string;
  insertText: string;
  snippet: true;
}

/** What the snippets offer from the workspace: namespaces and the pods' most used label per namespace. */
export interface SnippetWorld {
  /** The namespace offered first (the busiest). */
  namespace: string;
  /** Every namespace with workloads, busiest first (the default namespace when none). */
  namespaces: string[];
  /** Per namespace: the label key most of its workloads carry and its values, most used first. */
  labels: ReadonlyMap<string, { key: string; values: string[] }>;
}

/** A placeholder: a choice among `values` when there are several, else the one value (or `fallback`). */
function slot(n: number, values: readonly string[], fallback: string): string {
  const vs = values.filter((v) => /^[A-Za-z0-9._/-]+$/.test(v)); // nothing to escape in a choice
  if (vs.length > 1) return `\${${n}|${vs.join(',')}|}`;
  return `\${${n}:${vs[0] ?? fallback}}`;
}

/** The same list with `first` first. */
function firstly(values: readonly string[], first: string | undefined): string[] {
  return first === undefined ? [...values] : [first, ...values.filter((v) => v !== first)];
}

/** The policy snippets, filled from the workspace. */
export function policySnippets(w: SnippetWorld): SnippetData[] {
  const ns = w.namespace;
  const head = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: \${1:${name}}\n  namespace: ${slot(2, firstly(w.namespaces, ns), ns)}\nspec:\n`;
  const here = w.labels.get(ns) ?? { key: 'app', values: [] };
  const other = w.namespaces.find((x) => x !== ns && w.labels.has(x));
  const there = (other && w.labels.get(other)) || { key: 'app', values: [] };
  const make = (label: string, detail: string, body: string): SnippetData => ({
    label, kind: 'snippet', detail: `NetworkPolicy: ${detail}`, insertText: body, snippet: true,
    documentation: `\`\`\`yaml\n${body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$0/g, '')}\n\`\`\``,
  });
  const selector = (indent: string, key: string, values: readonly string[], at: number, fallback: string) => `${indent}matchLabels:\n${indent}  ${key}: ${slot(at, values, fallback)}\n`;
  return [
    make('deny all ingress', 'isolates every pod of the namespace: only what some policy allows gets in', `${head('default-deny-ingress')}  podSelector: {}\n  policyTypes:\n    - Ingress\n$0`),
    make('deny all egress', 'isolates every pod of the namespace: only what some policy allows goes out (add DNS!)', `${head('default-deny-egress')}  podSelector: {}\n  policyTypes:\n    - Egress\n$0`),
    make('deny all', 'isolates every pod of the namespace both ways: only what some policy allows passes', `${head('default-deny-all')}  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n$0`),
    make('allow DNS egress', 'UDP and TCP 53 to kube-dns', `${head('allow-dns')}  podSelector: {}\n  policyTypes:\n    - Egress\n  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: kube-system\n          podSelector:\n            matchLabels:\n              k8s-app: kube-dns\n      ports:\n        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n$0`),
    make('allow from a namespace', 'every pod of another namespace may connect',
      `${head('allow-from-namespace')}  podSelector:\n${selector('    ', here.key, here.values, 3, 'web')}  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ${slot(4, firstly(w.namespaces.filter((x) => x !== ns), other), 'other')}\n$0`),
    make('allow from pods', 'pods with a label in this namespace may connect on a port',
      `${head('allow-from-pods')}  podSelector:\n${selector('    ', here.key, here.values, 3, 'db')}  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - podSelector:\n${selector('            ', here.key, [...here.values].reverse(), 4, 'api')}      ports:\n        - protocol: TCP\n          port: \${5:5432}\n$0`),
    make('allow from pods in another namespace', 'pods with a label in another namespace may connect (namespaceSelector AND podSelector in one peer)',
      `${head('allow-from-other-namespace')}  podSelector:\n${selector('    ', here.key, here.values, 3, 'db')}  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ${slot(4, firstly(w.namespaces.filter((x) => x !== ns), other), 'other')}\n          podSelector:\n${selector('            ', there.key, there.values, 5, 'api')}$0`),
  ];
}
