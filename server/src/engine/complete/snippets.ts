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
  const head = (name: string) => [
    'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:',
    `  name: \${1:${name}}`, `  namespace: ${slot(2, firstly(w.namespaces, ns), ns)}`, 'spec:',
  ];
  const here = w.labels.get(ns) ?? { key: 'app', values: [] };
  const other = w.namespaces.find((x) => x !== ns && w.labels.has(x));
  const there = (other && w.labels.get(other)) || { key: 'app', values: [] };
  const otherNs = (n: number) => slot(n, firstly(w.namespaces.filter((x) => x !== ns), other), 'other');
  const make = (label: string, detail: string, name: string, spec: string[]): SnippetData => {
    const body = [...head(name), ...spec, '$0'].join('\n');
    const shown = body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$0/g, '');
    const documentation = `\`\`\`yaml\n${shown}\n\`\`\``;
    return { label, kind: 'snippet', detail: `NetworkPolicy: ${detail}`, insertText: body, snippet: true, documentation };
  };
  /** `matchLabels` with one label at `indent`, its value a placeholder. */
  const selector = (indent: string, key: string, values: readonly string[], at: number, fallback: string) => [
    `${indent}matchLabels:`, `${indent}  ${key}: ${slot(at, values, fallback)}`,
  ];
  const types = (...t: string[]) => ['  policyTypes:', ...t.map((x) => `    - ${x}`)];
  const selectsHere = (fallback: string) => ['  podSelector:', ...selector('    ', here.key, here.values, 3, fallback)];
  return [
    make('deny all ingress', 'isolates every pod of the namespace: only what some policy allows gets in', 'default-deny-ingress',
      ['  podSelector: {}', ...types('Ingress')]),
    make('deny all egress', 'isolates every pod of the namespace: only what some policy allows goes out (add DNS!)', 'default-deny-egress',
      ['  podSelector: {}', ...types('Egress')]),
    make('deny all', 'isolates every pod of the namespace both ways: only what some policy allows passes', 'default-deny-all',
      ['  podSelector: {}', ...types('Ingress', 'Egress')]),
    make('allow DNS egress', 'UDP and TCP 53 to kube-dns', 'allow-dns', [
      '  podSelector: {}', ...types('Egress'), '  egress:', '    - to:', '        - namespaceSelector:', '            matchLabels:',
      '              kubernetes.io/metadata.name: kube-system', '          podSelector:', '            matchLabels:', '              k8s-app: kube-dns',
      '      ports:', '        - protocol: UDP', '          port: 53', '        - protocol: TCP', '          port: 53',
    ]),
    make('allow from a namespace', 'every pod of another namespace may connect', 'allow-from-namespace', [
      ...selectsHere('web'), ...types('Ingress'), '  ingress:', '    - from:', '        - namespaceSelector:', '            matchLabels:',
      `              kubernetes.io/metadata.name: ${otherNs(4)}`,
    ]),
    make('allow from pods', 'pods with a label in this namespace may connect on a port', 'allow-from-pods', [
      ...selectsHere('db'), ...types('Ingress'), '  ingress:', '    - from:', '        - podSelector:',
      ...selector('            ', here.key, [...here.values].reverse(), 4, 'api'),
      '      ports:', '        - protocol: TCP', '          port: ${5:5432}',
    ]),
    make('allow from pods in another namespace', 'pods with a label in another namespace may connect (namespaceSelector AND podSelector in one peer)',
      'allow-from-other-namespace', [
      ...selectsHere('db'), ...types('Ingress'), '  ingress:', '    - from:', '        - namespaceSelector:', '            matchLabels:',
      `              kubernetes.io/metadata.name: ${otherNs(4)}`, '          podSelector:',
      ...selector('            ', there.key, there.values, 5, 'api'),
    ]),
  ];
}
