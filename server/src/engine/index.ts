// The engine's public API: everything outside engine/ imports from here and nowhere else.
// The engine is pure: it imports only `yaml` and itself (test/engine/purity.test.ts).
export * from './types';
export { Workspace, type WorkspaceOptions } from './workspace';
export { readFile, type FileFacts, type ReadOptions } from './read-file';
export { parseManifests, splitSections, DocumentCache, DEFAULT_MAX_FILE_SIZE, type ManifestObject, type ParsedFile, type ParseOptions } from './parse-manifests';
export { Snapshot, type PolicyAnalysis, type RuleAnalysis, type PeerAnalysis, type Isolation } from './snapshot';
export { PortSet, type PortSetJson } from './port-set';
export { matchesLabels, describeSelector, isEmptySelector } from './label-selector';
export { parseIp, parseCidr, formatIp, formatRange, type IpRange } from './ip';
export { allowedPorts, egressAllowed, ingressAllowed, rulePorts, ruleMatches, type Endpoint } from './connectivity';
export { computeFlows, flowsToJson, externalRanges, matchesFilter, type Flow, type FlowPeer, type FlowsJson, type FlowFilter } from './flow-matrix';
export { explain, type Explanation, type DirectionVerdict, type AllowingRule, type PolicyRef } from './explain';
export { isNetworkPolicy, isValidPortName } from './extract-policy';
export { WORKLOAD_KINDS } from './extract-workloads';
export { validateObject } from './validate';
export { LineIndex } from './line-index';
export { looksLikeKubernetes } from './read-file';
export { pathAt, objectAt, formatPath, type PathAt } from './path-at';
export { semanticFindings } from './checks/index';
export { NETWORK_POLICY_SCHEMA, schemaAt, type SchemaField, type SchemaType } from './policy-schema';
export { flowGraph, type FlowGraph, type GraphNode, type GraphEdge } from './flow-graph';
export { VALIDATION_CHECKS, ALL_CHECKS, type CheckInfo } from './check-catalog';
export { SEMANTIC_CHECKS } from './checks/catalog';
export { ruleAdmits, type RuleAdmits } from './rule-admits';
export { hoverAt, isPolicyObject, type HoverContent, type LinkFn } from './describe/hover';
export { policyLensTitle, workloadLensTitle } from './describe/lenses';
export { rulePhrase, peerPhrase, portPhrase } from './describe/phrases';
export { documentSymbols, labelReferences, type SymbolInfo, type FileSpan } from './describe/symbols';
