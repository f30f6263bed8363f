// The text of a default deny-all NetworkPolicy, for Insert Default Deny-All when no code action
// applies at the cursor (no manifest open): the user picked the namespace and the directions.

/** Which directions the policy isolates, as the command's argument names them. */
export type DenyAllDirections = 'ingress and egress' | 'ingress' | 'egress';

/** The policy's name: default-deny-all, default-deny-ingress or default-deny-egress. */
export function denyAllName(which: DenyAllDirections): string {
  return which === 'ingress and egress' ? 'default-deny-all' : `default-deny-${which}`;
}

/**
 * A NetworkPolicy that selects every pod of `namespace` (an empty podSelector) and lists the
 * directions in policyTypes with no rules: nothing is allowed in those directions.
 */
export function denyAllYaml(namespace: string, which: DenyAllDirections): string {
  const types = which === 'ingress and egress' ? ['Ingress', 'Egress'] : [which === 'ingress' ? 'Ingress' : 'Egress'];
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${denyAllName(which)}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  podSelector: {}',
    '  policyTypes:',
    ...types.map((t) => `    - ${t}`),
    '',
  ].join('\n');
}
