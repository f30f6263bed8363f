// Every check id with its default severity, a one-line summary and an example, for the README
// table and for tests that every id is documented and exercised.
import type { Severity } from './types';
import { SEMANTIC_CHECKS } from './checks/catalog';
import { CLUSTER_VALIDATION_CHECKS } from './cluster-policy/validate';
import { CLUSTER_SEMANTIC_CHECKS } from './cluster-policy/checks';

/** A documented check. */
export interface CheckInfo {
  id: string;
  severity: Severity;
  summary: string;
  example: string;
  /** Off unless enabled (a severity set in netpolLens.severity); `severity` is its level then. */
  optIn?: boolean;
}

/** Parse-level and API-server validation checks (errors unless noted). */
export const VALIDATION_CHECKS: CheckInfo[] = [
  { id: 'yaml-syntax', severity: 'error', summary: 'The document is not valid YAML; it is skipped, the rest of the file still counts.',
    example: 'podSelector: {matchLabels: {app: web}' },
  { id: 'duplicate-key', severity: 'error', summary: 'A key appears twice in one map.', example: 'app: web\\napp: api' },
  { id: 'alias-limit', severity: 'error', summary: 'Too many YAML aliases (an alias bomb); the document is skipped.', example: 'a: &a [*b, *b, ...]' },
  { id: 'file-too-large', severity: 'warning', summary: 'The file is over netpolLens.maxFileSize and is skipped.', example: 'a 20 MB manifest' },
  { id: 'binary-file', severity: 'warning', summary: 'The file holds NUL bytes and is skipped.', example: 'an image saved as .yaml' },
  { id: 'unrendered-template', severity: 'information',
    summary: 'A file with `{{` that is not YAML, outside any chart or kustomization that is rendered: it is not analyzed.',
    example: 'templates/np.yaml copied out of its chart' },
  { id: 'render-failed', severity: 'warning',
    summary: 'A Helm chart or kustomization could not be rendered (missing binary, dependency not vendored, remote base, renderer error); its objects are ' +
    'not analyzed.', example: 'dependencies: [{name: redis}] without charts/redis' },
  { id: 'project-config', severity: 'error', summary: 'A `.netpol-lens.yaml` entry that cannot be used.',
    example: 'render: [{helm: charts/shop, kustomize: x}]' },
  { id: 'not-kubernetes-object', severity: 'information', summary: 'A document in a manifest file has no apiVersion or kind and is ignored.',
    example: 'foo: bar' },
  { id: 'unreadable-object', severity: 'error', summary: 'An object could not be read at all.', example: '' },
  { id: 'unknown-field', severity: 'error', summary: 'A field the NetworkPolicy schema does not have (with a suggestion).', example: 'podSelecter: {}' },
  { id: 'wrong-type', severity: 'error', summary: 'A value of the wrong type, e.g. an unquoted number as a label value.',
    example: 'matchLabels: {version: 1}' },
  { id: 'missing-field', severity: 'error', summary: 'A required field is missing.', example: 'spec: {policyTypes: [Ingress]}' },
  { id: 'invalid-enum', severity: 'error', summary: 'A value outside its enum (case matters).', example: 'protocol: tcp' },
  { id: 'deprecated-api-version', severity: 'error', summary: 'extensions/v1beta1 is no longer served; fix: use networking.k8s.io/v1.',
    example: 'apiVersion: extensions/v1beta1' },
  { id: 'port-out-of-range', severity: 'error', summary: 'A port or endPort outside 1-65535.', example: 'port: 70000' },
  { id: 'end-port-before-port', severity: 'error', summary: 'endPort is below port.', example: 'port: 9000, endPort: 8000' },
  { id: 'end-port-without-port', severity: 'error', summary: 'endPort without a port.', example: 'endPort: 8080' },
  { id: 'end-port-with-named-port', severity: 'error', summary: 'endPort with a named port.', example: 'port: http, endPort: 8080' },
  { id: 'invalid-port-name', severity: 'error', summary: 'A named port that is not an IANA service name (a quoted number is a name).', example: 'port: "80"' },
  { id: 'invalid-cidr', severity: 'error', summary: 'A cidr or except that is not a valid CIDR.', example: 'cidr: 10.0.0.0/33' },
  { id: 'except-outside-cidr', severity: 'error', summary: 'An except that is not strictly inside its cidr; fix: remove it.',
    example: 'cidr: 10.0.0.0/16, except: [10.1.0.0/24]' },
  { id: 'duplicate-policy-type', severity: 'error', summary: 'policyTypes lists a type twice.', example: 'policyTypes: [Ingress, Ingress]' },
  { id: 'invalid-label-key', severity: 'error', summary: 'A label key that breaks the [prefix/]name syntax.', example: 'matchLabels: {-app: web}' },
  { id: 'invalid-label-value', severity: 'error', summary: 'A label value that breaks the value syntax.', example: 'matchLabels: {app: web_}' },
  { id: 'selector-values-required', severity: 'error', summary: 'In/NotIn without values.', example: '{key: app, operator: In}' },
  { id: 'selector-values-forbidden', severity: 'error', summary: 'Exists/DoesNotExist with values.', example: '{key: app, operator: Exists, values: [web]}' },
  { id: 'peer-empty', severity: 'error', summary: 'A from/to item that sets nothing.', example: 'from: [{}]' },
  { id: 'ipblock-with-selector', severity: 'error', summary: 'An ipBlock combined with a selector in one peer.',
    example: '- ipBlock: {cidr: 10.0.0.0/8}\\n  podSelector: {}' },
  { id: 'invalid-name', severity: 'error', summary: 'metadata.name is not a DNS subdomain.', example: 'name: Allow_Web' },
];

/** Every check the engine can report. */
export const ALL_CHECKS: CheckInfo[] = [...VALIDATION_CHECKS, ...CLUSTER_VALIDATION_CHECKS, ...SEMANTIC_CHECKS, ...CLUSTER_SEMANTIC_CHECKS];
