// Whole-policy snippets for an empty document: deny all ingress/egress/both, allow DNS egress,
// allow from a namespace, allow from pods. Tab stops in LSP snippet syntax.

/** A snippet item (the replace span is added by the caller). */
export interface SnippetData {
  label: string;
  kind: 'snippet';
  detail: string;
  documentation: string;
  insertText: string;
  snippet: true;
}

const head = (name: string, ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: \${1:${name}}\n` +
  `  namespace: \${2:${ns}}\nspec:\n`;

/** The policy snippets, with `namespace` as the default namespace placeholder. */
export function policySnippets(namespace: string): SnippetData[] {
  const make = (label: string, detail: string, body: string): SnippetData =>
    ({ label, kind: 'snippet', detail, documentation: `\`\`\`yaml\n${body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$0/g, '')}\n\`\`\``, insertText: body,
    snippet: true });
  return [
    make('NetworkPolicy: deny all ingress', 'isolates every pod of the namespace: only what some policy allows gets in',
      `${head('default-deny-ingress', namespace)}  podSelector: {}\n  policyTypes:\n    - Ingress\n$0`),
    make('NetworkPolicy: deny all egress', 'isolates every pod of the namespace: only what some policy allows goes out (add DNS!)',
      `${head('default-deny-egress', namespace)}  podSelector: {}\n  policyTypes:\n    - Egress\n$0`),
    make('NetworkPolicy: deny all', 'isolates every pod of the namespace both ways: only what some policy allows passes',
      `${head('default-deny-all', namespace)}  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n$0`),
    make('NetworkPolicy: allow DNS egress', 'UDP and TCP 53 to kube-dns',
      `${head('allow-dns', namespace)}  podSelector: {}\n  policyTypes:\n    - Egress\n  egress:\n    - to:\n        - namespaceSelector:\n` +
      `            matchLabels:\n              kubernetes.io/metadata.name: kube-system\n          podSelector:\n            matchLabels:\n` +
      `              k8s-app: kube-dns\n      ports:\n        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n$0`),
    make('NetworkPolicy: allow from a namespace', 'every pod of another namespace may connect',
      `${head('allow-from-namespace', namespace)}  podSelector:\n    matchLabels:\n      \${3:app}: \${4:web}\n  policyTypes:\n    - Ingress\n  ingress:\n` +
      `    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: \${5:other}\n$0`),
    make('NetworkPolicy: allow from pods', 'pods with a label in this namespace may connect on a port',
      `${head('allow-from-pods', namespace)}  podSelector:\n    matchLabels:\n      \${3:app}: \${4:db}\n  policyTypes:\n    - Ingress\n  ingress:\n` +
      `    - from:\n        - podSelector:\n            matchLabels:\n              \${5:app}: \${6:api}\n      ports:\n        - protocol: TCP\n` +
      `          port: \${7:5432}\n$0`),
  ];
}
