// The one typed description of settings, command ids and custom requests, shared by the
// client (client/src) and the server. No runtime dependencies.

/** The configuration section and command prefix. */
export const SECTION = 'netpolLens';

/** The values `netpolLens.severity` accepts per check id. */
export const SEVERITY_OVERRIDES = ['off', 'hint', 'information', 'warning', 'error'] as const;

/** A severity override for one check id. */
export type SeverityOverride = (typeof SEVERITY_OVERRIDES)[number];

/** The settings the server reads (`netpolLens.*`). */
export interface Settings {
  /** Namespace of objects that name none. */
  defaultNamespace: string;
  /** Glob patterns of files and folders not to index. */
  exclude: string[];
  /** Files larger than this many bytes are skipped. */
  maxFileSize: number;
  /** Severity per check id. */
  severity: Record<string, SeverityOverride>;
  /** Render Helm charts and kustomizations with the user's binaries (trusted workspaces only). */
  render: boolean;
  /** The helm binary; empty: `helm` on PATH. */
  helmPath: string;
  /** The kubectl (or kustomize) binary; empty: `kubectl`, else `kustomize`, on PATH. */
  kubectlPath: string;
  /** Targets (paths relative to their workspace folder) chosen among alternative overlays. */
  renderTargets: string[];
  /** A live cluster analyzed with the workspace (trusted workspaces only; see ClusterSettings). */
  cluster: ClusterSettings;
}

/** `netpolLens.cluster.*`: which kubeconfig context to watch; an empty context is off. */
export interface ClusterSettings {
  context: string;
  /** A kubeconfig file; empty: $KUBECONFIG, else ~/.kube/config. */
  kubeconfig: string;
}

/**
 * What a client may send as `initializationOptions`. Settings are read from one place at a time:
 * the `netpolLens` section pulled with workspace/configuration when the client answers it with an
 * object; otherwise the last section pushed (here, or in didChangeConfiguration's
 * `settings.netpolLens`); with neither, DEFAULT_SETTINGS.
 */
export interface InitializationOptions {
  settings?: Partial<Settings>;
  /**
   * Commands the client implements itself. Code lenses carry `showExplanation` when it is listed,
   * else `serverExplain`. Without this field, VS Code hosts (clientInfo.name) count as listing it.
   */
  clientCommands?: string[];
  /**
   * Whether the workspace is trusted (VS Code's workspace trust). Untrusted: no binary runs, so
   * nothing is rendered. Clients without the notion leave it out and count as trusted.
   */
  trusted?: boolean;
}

/** Settings when the client sends none. */
export const DEFAULT_SETTINGS: Settings = {
  defaultNamespace: 'default',
  exclude: [],
  maxFileSize: 8 * 1024 * 1024,
  severity: {},
  render: true,
  helmPath: '',
  kubectlPath: '',
  renderTargets: [],
  cluster: { context: '', kubeconfig: '' },
};

/** Commands the server executes or the client implements; all under `netpolLens.`. */
export const Commands = {
  /** Client: show the explanation text for a policy or workload (arguments: ShowExplanationArgs). */
  showExplanation: `${SECTION}.showExplanation`,
  /**
   * Server (workspace/executeCommand): the same for clients without showExplanation; returns
   * `{ markdown }` and shows the text with window/showMessage (arguments: ShowExplanationArgs).
   * A distinct id, since vscode-languageclient registers every server command as its own.
   */
  serverExplain: `${SECTION}.server.explain`,
  showFlows: `${SECTION}.showFlows`,
  showFlowGraph: `${SECTION}.showFlowGraph`,
  explainConnection: `${SECTION}.explainConnection`,
  insertDenyAll: `${SECTION}.insertDefaultDenyAll`,
  copyFlowsAsMermaid: `${SECTION}.copyFlowsAsMermaid`,
  compareWithHead: `${SECTION}.compareFlowsWithHead`,
  restartServer: `${SECTION}.restartServer`,
  /** Client: put the cursor on a line of a document and center it (arguments: uri, line). Run after an inserted policy. */
  revealLine: `${SECTION}.revealLine`,
  showRendered: `${SECTION}.showRenderedManifests`,
  chooseRenderTarget: `${SECTION}.chooseRenderTarget`,
  chooseClusterContext: `${SECTION}.chooseClusterContext`,
} as const;

/** Arguments of the `showExplanation` command a code lens carries. */
export interface ShowExplanationArgs {
  uri: string;
  title: string;
  /** The text to show; when absent the client asks `netpolLens/explanation` at `offset`. */
  markdown?: string;
  offset?: number;
  /** What it explains (`namespace/name`): the explanation view's title. */
  subject?: string;
}

/** Parameters of `netpolLens/explanation`: the explanation behind a lens, computed on click. */
export interface ExplanationParams {
  uri: string;
  offset: number;
}

/** Custom requests. */
export const Requests = {
  /** Flows as text or JSON for a scope: FlowsParams -> FlowsResult. */
  flows: 'netpolLens/flows',
  /** Explain one connection: ExplainParams -> ExplainResult. */
  explain: 'netpolLens/explain',
  /** Flow graph data: GraphParams -> GraphResult. */
  graph: 'netpolLens/graph',
  /** The Network Policies tree: {} -> TreeResult. */
  tree: 'netpolLens/tree',
  /** Flows text of a given set of file texts (e.g. the HEAD commit): FlowsOfFilesParams -> FlowsResult. */
  flowsOfFiles: 'netpolLens/flowsOfFiles',
  /** What the workspace opens and closes against given files (e.g. HEAD): DiffParams -> DiffResult. */
  diff: 'netpolLens/diff',
  /** The explanation behind a code lens: ExplanationParams -> { markdown }. */
  explanation: 'netpolLens/explanation',
  /** Index status: {} -> StatusResult. */
  status: 'netpolLens/status',
  /** A new default deny-all policy for a namespace, for a new document: DenyAllParams -> DenyAllResult. */
  denyAll: 'netpolLens/denyAll',
  /** The rendered output of one target, or a cluster file, for a read-only document: RenderedParams -> RenderedResult. */
  rendered: 'netpolLens/rendered',
  /** The kubeconfig's contexts, for Choose Cluster Context: ClusterContextsParams -> ClusterContextsResult. */
  clusterContexts: 'netpolLens/clusterContexts',
} as const;

/** The URI scheme of a cluster's read-only files (`netpol-cluster://CONTEXT/namespace-NS.yaml`, the context URI-encoded). */
export const CLUSTER_SCHEME = 'netpol-cluster';

/** Parameters of `netpolLens/clusterContexts`: a kubeconfig file, else the setting's or the default. */
export interface ClusterContextsParams {
  kubeconfig?: string;
}

/** Result of `netpolLens/clusterContexts`: the contexts and the kubeconfig's current one, or why none. */
export type ClusterContextsResult = { contexts: string[]; current?: string } | { error: string };

/** The live cluster as the status reports it (absent when `netpolLens.cluster.context` is empty). */
export interface ClusterStatus {
  context: string;
  /** Every resource is listed and watched, or only forbidden ones failed. */
  connected: boolean;
  namespaces: number;
  pods: number;
  /** One line per resource that could not be read (or why nothing is), for the status item. */
  problems: string[];
}

/** Notification the client sends when the user trusts the workspace: rendering may start. */
export const TrustedNotification = 'netpolLens/trusted';

/** The URI scheme of rendered output documents (`netpol-rendered:/abs/folder/target.yaml`). */
export const RENDERED_SCHEME = 'netpol-rendered';

/** Parameters of `netpolLens/rendered`: a rendered document's URI. */
export interface RenderedParams {
  uri: string;
}

/** Result of `netpolLens/rendered`: the text, or why there is none. */
export type RenderedResult = { text: string } | { error: string };

/** One render target as the status reports it. */
export interface RenderTargetStatus {
  /** Path relative to its workspace folder. */
  id: string;
  folder: string;
  kind: 'helm' | 'kustomize';
  /** `rendered`, `not analyzed` (an unchosen alternative or unlisted), or `failed`. */
  state: 'rendered' | 'skipped' | 'failed';
  /** Why it is skipped or failed. */
  message?: string;
  /** Ids of its alternatives (other overlays of one base). */
  alternatives: string[];
  /** The read-only document with its output, when rendered. */
  uri?: string;
}

/** Notification the server sends when indexing starts and ends. */
export const StatusNotification = 'netpolLens/status';

/** Parameters of `netpolLens/flows`. */
export interface FlowsParams {
  /** Limit to one namespace or workload; none means the workspace. */
  namespace?: string;
  workload?: string;
  /** Limit to the workloads selected by the policy at this position of an open document. */
  policyAt?: { uri: string; line: number; character: number };
  /** `mermaid`: the flows as a Mermaid graph (Copy Flows as Mermaid), ranges named as in the text. */
  format: 'text' | 'json' | 'mermaid';
}

/** Result of `netpolLens/flows`. */
export interface FlowsResult {
  text: string;
}

/** Parameters of `netpolLens/explain`. */
export interface ExplainParams {
  from: string;
  to: string;
  port?: string;
}

/** Result of `netpolLens/explain`. */
export interface ExplainResult {
  allowed: boolean;
  markdown: string;
}

/** Result of `netpolLens/status` and payload of the status notification. */
export interface StatusResult {
  indexing: boolean;
  files: number;
  policies: number;
  workloads: number;
  /** Rendering of Helm charts and kustomizations. */
  render: {
    rendering: boolean;
    /** Whether binaries may run (trusted workspace and `netpolLens.render`); with why not. */
    enabled: boolean;
    disabledBecause?: string;
    targets: RenderTargetStatus[];
  };
  /** Files on disk not indexed because they are over netpolLens.maxFileSize (absent when none). */
  tooLarge?: number;
  /** The live cluster, when `netpolLens.cluster.context` is set. */
  cluster?: ClusterStatus;
}

/** Parameters of `netpolLens/graph`: focus on the policy at a position, else on a document's policies. */
export interface GraphParams {
  uri?: string;
  /** The cursor in `uri`: the policy around it is the focus (what it selects and blocks). */
  position?: { line: number; character: number };
}

/** Result of `netpolLens/graph`. */
export interface GraphResult {
  nodes: { id: string; namespace: string; name: string; kind: string; labels: string; uri: string; line: number; isolatedIngress: boolean;
    isolatedEgress: boolean; focused: boolean }[];
  edges: { from: string; to: string; label: string; blocked: boolean }[];
  unrestrictedPairs: number;
  truncated: boolean;
  /** `namespace/name` of the focused policies. */
  focus?: string[];
}

/** A reference to a place in a file. */
export interface FileLine {
  uri: string;
  line: number;
}

/** Result of `netpolLens/tree`: namespaces, their workloads, and the policies that select each. */
export interface TreeResult {
  namespaces: {
    name: string;
    workloads: (FileLine & { name: string; kind: string; ingress: (FileLine & { name: string })[]; egress: (FileLine & { name: string })[] })[];
  }[];
}

/**
 * Parameters of `netpolLens/flowsOfFiles`: whole files, analyzed apart from the workspace. The
 * server picks the manifests by the index's rule; a client sends every file it has.
 */
export interface FlowsOfFilesParams {
  /**
   * `folder`: the workspace folder URI the file is under; `netpolLens.exclude` globs are relative
   * to it, and a file not under it is skipped, as the index skips files outside workspace folders.
   */
  files: { uri: string; text: string; folder: string }[];
}

/** Parameters of `netpolLens/diff`: the files of the old side (read as flowsOfFiles reads them); the new side is the workspace. */
export interface DiffParams extends FlowsOfFilesParams {
  /** As `netpol-lens diff --format`: grouped text, a markdown comment, or the JSON of the README. */
  format: 'text' | 'md' | 'json';
}

/** Result of `netpolLens/diff`: the text in the format asked, and whether anything changed. */
export interface DiffResult {
  text: string;
  changed: boolean;
}

/** Which directions a deny-all policy isolates, as Insert Default Deny-All's argument names them. */
export type DenyAllDirections = 'ingress and egress' | 'ingress' | 'egress';

/** Parameters of `netpolLens/denyAll`. */
export interface DenyAllParams {
  namespace: string;
  directions: DenyAllDirections;
}

/**
 * Result of `netpolLens/denyAll`: the policy's YAML text (a name free in the namespace, scalars
 * quoted where YAML would misread them), or why none is written (the namespace already denies
 * those directions).
 */
export type DenyAllResult = { text: string } | { error: string };
