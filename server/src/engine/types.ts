// The engine's data model: plain data with absolute offsets, no LSP or node types.
// Everything here is produced by extract-*.ts and consumed by the analysis modules.

/** A half-open range of UTF-16 offsets into one file's text. */
export interface Span {
  start: number;
  end: number;
}

/** A protocol a NetworkPolicy port can name. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** The protocols in the order the engine prints them. */
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Severity of a finding, from the engine's point of view. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** An edit expressed as offsets into one file's text. */
export interface TextEdit {
  file: string;
  span: Span;
  newText: string;
}

/** A fix the editor can offer for a finding. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

/** A problem found in a manifest, identified by a stable kebab-case check id. */
export interface Finding {
  id: string;
  severity: Severity;
  message: string;
  file: string;
  span: Span;
  related?: { file: string; span: Span; message: string }[];
  /** The render target (chart or kustomization path) whose output this finding was found in. */
  renderedBy?: string;
  fixes?: Fix[];
}

/** A label selector as written; `invalid` selectors match nothing. */
export interface LabelSelector {
  matchLabels: [string, string][];
  matchExpressions: SelectorRequirement[];
  span: Span;
  /** Set when the selector cannot be evaluated (bad operator, values rules broken, wrong types). */
  invalid: boolean;
}

/** One `matchExpressions` item. */
export interface SelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
  span: Span;
}

/** A Kubernetes namespace, declared or implied by a reference. */
export interface Namespace {
  name: string;
  /** Labels including the implicit `kubernetes.io/metadata.name`. */
  labels: Map<string, string>;
  declared?: { file: string; span: Span };
}

/** A container port that named ports resolve to. */
export interface ContainerPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

/** One workload: the unit of every flow. Pods of one controller are one workload. */
export interface Workload {
  /** Dense id, stable within one snapshot. */
  id: number;
  kind: string;
  name: string;
  namespace: string;
  labels: Map<string, string>;
  ports: ContainerPort[];
  hostNetwork: boolean;
  /** Pod IPs from `status.podIP(s)`, as parsed addresses. */
  ips: IpAddress[];
  /**
   * How many pods the workload has by its manifests: the real Pods written, else the replicas of
   * its ReplicaSets or controller; undefined when they cannot say (a DaemonSet: one per node).
   */
  pods?: number;
  /** The IPs of each real Pod of the workload (empty: only templates, no pod is known). */
  podIps: IpAddress[][];
  file: string;
  span: Span;
  /** Where the pod labels are written (the template's or pod's metadata.labels), if anywhere. */
  labelsSpan?: Span;
}

/** An IPv4 or IPv6 address as a number in its family. */
export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

/** A CIDR block, e.g. 10.0.0.0/8. */
export interface Cidr {
  family: 4 | 6;
  /** First and last address, inclusive. */
  first: bigint;
  last: bigint;
  text: string;
}

/** One `ports` item of a rule. */
export interface PolicyPort {
  protocol: Protocol;
  /** A number, a name, or undefined for every port of the protocol. */
  port?: number | string;
  endPort?: number;
  span: Span;
  /** Set when the API server would reject this item; it then matches nothing. */
  invalid: boolean;
}

/** One `from`/`to` item. */
export type Peer =
  | { kind: 'pods'; podSelector?: LabelSelector; namespaceSelector?: LabelSelector; span: Span }
  | { kind: 'ipBlock'; cidr?: Cidr; except: Cidr[]; span: Span; invalid: boolean }
  | { kind: 'invalid'; span: Span; reason: string };

/** Direction of a rule or an isolation. */
export type Direction = 'ingress' | 'egress';

/** One ingress or egress rule. */
export interface Rule {
  direction: Direction;
  index: number;
  span: Span;
  /** undefined: `from`/`to` missing or empty, every peer. */
  peers?: Peer[];
  /** undefined: `ports` missing or empty, every port and protocol. */
  ports?: PolicyPort[];
}

/** A parsed NetworkPolicy: one case of `AnyPolicy` (cluster-policy/types.ts has the other). */
export interface Policy {
  kind: 'NetworkPolicy';
  /** Dense id, stable within one snapshot. */
  id: number;
  name: string;
  namespace: string;
  /** False when metadata.namespace is missing and the default namespace applies. */
  namespaceExplicit: boolean;
  apiVersion: string;
  file: string;
  span: Span;
  nameSpan?: Span;
  podSelector: LabelSelector;
  /** Effective policy types after defaulting. */
  isolates: { ingress: boolean; egress: boolean };
  policyTypesWritten: boolean;
  ingress: Rule[];
  egress: Rule[];
  /** Whether the `ingress`/`egress` keys are present at all. */
  hasIngressKey: boolean;
  hasEgressKey: boolean;
}
