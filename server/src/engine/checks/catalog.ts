// The semantic warnings (checks/) with default severity, summary and example.
import type { CheckInfo } from '../check-catalog';

/** Semantic checks against the workspace. */
export const SEMANTIC_CHECKS: CheckInfo[] = [
  { id: 'policy-selects-nothing', severity: 'warning', summary: 'The policy\'s podSelector matches no workload in its namespace.', example: 'podSelector: {matchLabels: {app: typo}}' },
  { id: 'peer-matches-nothing', severity: 'warning', summary: 'A from/to peer matches no workload.', example: '- podSelector: {matchLabels: {app: gone}}' },
  { id: 'namespace-selector-matches-nothing', severity: 'warning', summary: 'A namespaceSelector matches no namespace.', example: 'namespaceSelector: {matchLabels: {team: nobody}}' },
  { id: 'and-or-trap', severity: 'warning', summary: 'A namespace-only peer next to a pod-only peer: two peers (OR) where one (AND) was likely meant; fixes: merge, or comment.', example: '- namespaceSelector: {...}\\n- podSelector: {...}' },
  { id: 'egress-without-dns', severity: 'warning', summary: 'Egress is isolated and DNS (UDP and TCP 53) is not allowed; fix: add the DNS rule.', example: 'policyTypes: [Egress] with no DNS rule' },
  { id: 'dns-one-protocol', severity: 'warning', summary: 'DNS is allowed on UDP or TCP only.', example: 'ports: [{protocol: UDP, port: 53}]' },
  { id: 'egress-rules-ignored', severity: 'warning', summary: 'Egress rules under a written policyTypes without Egress do nothing; fix: add Egress.', example: 'policyTypes: [Ingress] + egress: [...]' },
  { id: 'ingress-rules-ignored', severity: 'warning', summary: 'Ingress rules under a written policyTypes without Ingress do nothing; fix: add Ingress.', example: 'policyTypes: [Egress] + ingress: [...]' },
  { id: 'named-port-unresolved', severity: 'warning', summary: 'No destination has a container port with this name.', example: 'port: htttp' },
  { id: 'named-port-ambiguous', severity: 'information', summary: 'A named port resolves to different numbers on different destinations.', example: 'http = 8080 on one pod, 9090 on another' },
  { id: 'named-port-to-ipblock', severity: 'warning', summary: 'A named port towards an ipBlock matches nothing.', example: 'to: [{ipBlock: ...}], ports: [{port: https}]' },
  { id: 'host-network-selected', severity: 'warning', summary: 'A selected or matched workload uses hostNetwork, which most CNIs do not police.', example: 'hostNetwork: true' },
  { id: 'policy-without-namespace', severity: 'information', summary: 'No metadata.namespace: says which namespace the policy lands in.', example: 'metadata: {name: p}' },
  { id: 'duplicate-policy-name', severity: 'warning', summary: 'Two policies share a name in one namespace; one replaces the other.', example: 'two "default-deny" in shop' },
  { id: 'redundant-rule', severity: 'information', summary: 'Another rule of the same policy already allows everything this one does.', example: 'ingress: [{}, {from: [...]}]' },
  { id: 'allows-everything', severity: 'information', summary: 'A rule with no peers and no ports allows all traffic in its direction.', example: 'ingress: [{}]' },
];
