// The engine's public API: everything outside engine/ imports from here and nowhere else.
// The engine is pure: it imports only `yaml` and itself (test/engine/purity.test.ts).
export * from './types';
export { Workspace, type WorkspaceOptions } from './workspace';
export { parseProjectConfig, emptyProjectConfig, PROJECT_CONFIG_FILE, type ProjectConfig, type ExternalConfig, type ExternalNamespace, type ExternalWorkload,
  type ConfigProblem } from './project-config';
export { OPERATORS, type OperatorEntry } from './operators';
export { readFile, type FileFacts, type ReadOptions } from './read-file';
export { parseManifests, splitSections, DocumentCache, DEFAULT_MAX_FILE_SIZE, type ManifestObject, type ParsedFile,
  type ParseOptions } from './parse-manifests';
export { Snapshot, type PolicyAnalysis, type RuleAnalysis, type PeerAnalysis, type Isolation } from './snapshot';
export { PortSet, type PortSetJson } from './port-set';
export { matchesLabels, describeSelector, isEmptySelector } from './label-selector';
export { parseIp, parseCidr, formatIp, formatRange, rangeName, type IpRange } from './ip';
export { allowedPorts, egressAllowed, egressRulePorts, ingressAllowed, rulePorts, ruleMatches, type Endpoint } from './connectivity';
export {
  computeFlows, flowStream, flowsToJson, flowJson, peerJson, workloadJson, externalRanges, matchesFilter, compareFlows, usedFamilies,
  type Flow, type FlowPeer, type FlowsJson, type FlowFilter,
} from './flow-matrix';
export { diffFlows, workloadDiff, changeJson, changeKind, type FlowChange, type FlowChangeJson, type WorkloadDiff } from './flow-diff';
export { exposure, exposureJson, exposureText, type Exposure, type ExposureJson, type ExposurePeer } from './exposure';
export { groupFlows, groupPeerJson, namespacesOf, type FlowGroup, type GroupPeer } from './flow-groups';
export { writeJsonArrays, jsonAt, ITEM_INDENT, type Sink } from './json-writer';
export { explain, sideAllows, noRuleText, NOT_ISOLATED_TEXT, OUTSIDE_TEXT, type Explanation, type DirectionVerdict, type AllowingRule,
  type PolicyRef } from './explain';
export { flowsToMermaid } from './flows-mermaid';
export { explainTargets, type ExplainTarget, type ExplainTargets } from './explain-targets';
export { isNetworkPolicy, isValidPortName } from './extract-policy';
export { WORKLOAD_KINDS } from './extract-workloads';
export { validateObject } from './validate';
export { LineIndex } from './line-index';
export { looksLikeKubernetes } from './read-file';
export { pathAt, objectAt, type PathAt } from './path-at';
export { semanticFindings } from './checks/index';
export { NETWORK_POLICY_SCHEMA, schemaAt, type SchemaField, type SchemaType } from './policy-schema';
export { flowGraph, type FlowGraph, type GraphNode, type GraphEdge } from './flow-graph';
export { VALIDATION_CHECKS, ALL_CHECKS, type CheckInfo } from './check-catalog';
export { SEMANTIC_CHECKS } from './checks/catalog';
export { ruleAdmits, type RuleAdmits } from './rule-admits';
export { countMatched } from './peer-count';
export { resolveEndpoint, parsePortRef, type EndpointRef, type PortRef } from './endpoint-ref';
export { hoverAt, modelOf, type HoverContent, type LinkFn } from './describe/hover';
export { policyLens, workloadLens, fileLenses, directionOpenings, type LensInfo, type Opening } from './describe/lenses';
export { rulePhrase, ruleShort, peerPhrase, portPhrase, namespacePhrase, podPhrase } from './describe/phrases';
export { documentSymbols, type SymbolInfo } from './describe/symbols';
export { labelReferences, type LabelReferences, type FileSpan } from './describe/references';
export { reachableFrom, reaches, type Reach } from './describe/reach';
export { dnsFix } from './checks/dns';
export { refactoringsAt, detectIndentStyle, denyAllLines, denyAllName, denyAllRefusal, DEFAULT_STYLE, type Refactoring, type RefactorInput, type IndentStyle,
  type DenyAllKind } from './refactor/index';
export { completeAt, type CompletionItemData } from './complete/complete-at';
export { completeConfig, type ConfigCompletionContext } from './sources/config-complete';
export { CONFIG_FILE, readRenderConfig, type RenderConfig, type RenderSpec } from './sources/render-config';
export { discoverTargets, fileRole, KUSTOMIZATION_FILES, type RenderTarget, type SourcePlan, type FileRole, type DiscoverInput } from './sources/discover';
export {
  splitRendered, mapToSource, mapFromSource, findingOnSource, lineAt, type RenderedOutput, type RenderedDocument, type SourceLocation,
  type TextLine,
} from './sources/rendered-output';
export { clusterPolicyOrigin } from './cluster-policy/extract';
export { chainText, type ChainLink, type TieredVerdict } from './cluster-policy/explain-chain';
export { decideDirection, type ChainStep, type TierDecision } from './cluster-policy/evaluate';
export type {
  AnyPolicy, ClusterPolicy, ClusterRule, ClusterPeer, ClusterPort, ClusterPolicyOrigin, NodeFact, RuleAction, Subject, Tier,
} from './cluster-policy/types';
