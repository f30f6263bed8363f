// Reads one file into its facts: namespaces, pod sources, policies and findings.
// The unit of incremental analysis: a changed file is re-read alone.
import { parseManifests, splitSections, type ManifestObject, type ParseOptions } from './parse-manifests';
import { quotedEnd } from './quoted-scalar';
import { shiftSpans } from './shift-spans';
import { readNamespace, readPodSource, type NamespaceFact, type PodSource } from './extract-workloads';
import { readOperatorResource, readService, type PodEvidence } from './extract-evidence';
import { isNetworkPolicy, readPolicy } from './extract-policy';
import { validateObject } from './validate';
import { clusterPolicyOrigin, readClusterPolicy, readNode } from './cluster-policy/extract';
import type { ClusterPolicy, NodeFact } from './cluster-policy/types';
import type { Finding, Policy } from './types';

/** Everything the engine keeps of one file. */
export interface FileFacts {
  file: string;
  namespaces: NamespaceFact[];
  podSources: PodSource[];
  /** Services and operators' custom resources: pods that may exist outside the workspace. */
  evidence: PodEvidence[];
  policies: Policy[];
  /** ClusterNetworkPolicies (and v1alpha1 Admin/Baseline policies read as ones). */
  clusterPolicies: ClusterPolicy[];
  /** Nodes, for `nodes` peers of cluster policies. */
  nodes: NodeFact[];
  /** Parse and validation findings of this file alone (no workspace context). */
  findings: Finding[];
  /** Kubernetes objects with their yaml nodes; kept only when asked (open documents). */
  objects?: ManifestObject[];
  /** How many Kubernetes objects the file holds. */
  objectCount: number;
}

/** Options for reading a file. */
export interface ReadOptions extends ParseOptions {
  /** The namespace of objects that name none (default `default`). */
  defaultNamespace?: string;
  /** Keep the yaml trees (for cursor features on open documents). */
  keepObjects?: boolean;
  /**
   * The namespace a Helm release installs this file's objects into: those that name none land
   * there, decided by the release rather than by kubectl's current namespace.
   */
  releaseNamespace?: string;
}

let nextPolicyId = 1;

/** What one `---` section contributes; cached per section text for open documents. */
interface SectionFacts {
  /** The read options the facts were derived with (`factsKey`): other options need a re-read. */
  options: string;
  /** The offset the spans below are relative to the file at (the section's start when read). */
  base: number;
  /** The section's parse findings: parseManifests reports them only the first time it sees a text. */
  parseFindings: Finding[];
  namespaces: NamespaceFact[];
  podSources: PodSource[];
  evidence: PodEvidence[];
  policies: Policy[];
  clusterPolicies: ClusterPolicy[];
  nodes: NodeFact[];
  findings: Finding[];
  objectCount: number;
}

/** Reads a file's text into facts; never throws on bad input. */
export function readFile(file: string, text: string, options: ReadOptions = {}): FileFacts {
  const parsed = parseManifests(file, text, options);
  const defaultNamespace = options.releaseNamespace ?? options.defaultNamespace ?? 'default';
  const facts: FileFacts = { file, namespaces: [], podSources: [], evidence: [], policies: [], clusterPolicies: [], nodes: [], findings: [], objectCount: 0 };
  if (parsed.sections.length === 0) for (const f of parsed.findings) facts.findings.push(f); // file-level: too large, binary
  const cache = options.cache;
  // The cache is keyed by section text; facts read with other options (a new default namespace
  // puts policies elsewhere) are re-derived from the section's objects, never reused.
  const optionsKey = factsKey(options);
  const used = new Set<SectionFacts>();
  for (const sec of parsed.sections) {
    const key = cache ? text.slice(sec.start, sec.end) : '';
    let sf = cache?.getFacts<SectionFacts>(key);
    if (sf && !used.has(sf)) {
      // Unchanged section: same policies (and ids, so their analyses stay cached), moved spans.
      // parseFindings are among findings (the same objects): move each object once.
      shiftSpans([sf.namespaces, sf.podSources, sf.evidence, sf.policies, sf.clusterPolicies, sf.nodes, sf.findings], sec.start - sf.base);
      sf.base = sec.start;
      if (sf.options !== optionsKey) {
        sf = readSection(file, text, sec.objects, sf.parseFindings, defaultNamespace, sec.start, optionsKey, options.releaseNamespace !== undefined);
        cache!.setFacts(key, sf);
      }
    } else {
      sf = readSection(file, text, sec.objects, sec.findings, defaultNamespace, sec.start, optionsKey, options.releaseNamespace !== undefined);
      // A second section with the same text gets its own facts; only the first is cached.
      if (cache && cache.getFacts(key) === undefined) cache.setFacts(key, sf);
    }
    used.add(sf);
    for (const n of sf.namespaces) facts.namespaces.push(n);
    for (const p of sf.podSources) facts.podSources.push(p);
    for (const e of sf.evidence) facts.evidence.push(e);
    for (const p of sf.policies) facts.policies.push(p);
    for (const p of sf.clusterPolicies) facts.clusterPolicies.push(p);
    for (const n of sf.nodes) facts.nodes.push(n);
    for (const f of sf.findings) facts.findings.push(f);
    facts.objectCount += sf.objectCount;
  }
  if (options.keepObjects) facts.objects = parsed.objects;
  if (isUnrenderedTemplate(text, facts.findings)) return templateFacts(file, text, !!options.keepObjects);
  if (facts.objectCount === 0 && !looksLikeKubernetes(text)) {
    // Not a manifest at all (a CI config, a tsconfig with comments): leave it alone.
    facts.findings = facts.findings.filter((f) => f.id === 'file-too-large' || f.id === 'binary-file');
  }
  return facts;
}

/**
 * Whether a file is a template read raw: it contains `{{` and is not valid YAML. A plain manifest
 * with `{{` inside a string (a ConfigMap holding another tool's template) parses and is read.
 */
export function isUnrenderedTemplate(text: string, findings: readonly Finding[]): boolean {
  return text.includes('{{') && findings.some((f) => f.id === 'yaml-syntax');
}

/** A template's facts: nothing analyzed, and one note saying so on its first `{{`. */
function templateFacts(file: string, text: string, keepObjects: boolean): FileFacts {
  const at = text.indexOf('{{');
  return { file, namespaces: [], podSources: [], evidence: [], policies: [], clusterPolicies: [], nodes: [], objectCount: 0,
    objects: keepObjects ? [] : undefined, findings: [{ id: 'unrendered-template', severity: 'information', file, span: { start: at, end: at + 2 },
    message: 'Not analyzed: this file is a template (it contains `{{` and is not YAML), and no chart or kustomization that NetworkPolicy Lens renders '
      + 'uses it. List its chart in .netpol-lens.yaml to analyze what it renders.' }] };
}

/** The read options that change a section's facts, as a cache key part. */
function factsKey(options: ReadOptions): string {
  return `ns=${options.releaseNamespace ?? options.defaultNamespace ?? 'default'} release=${options.releaseNamespace !== undefined}`;
}

function readSection(
  file: string, text: string, objects: ManifestObject[], parseFindings: Finding[], defaultNamespace: string, base: number, options: string, release = false,
): SectionFacts {
  const sf: SectionFacts = { options, base, parseFindings, namespaces: [], podSources: [], evidence: [], policies: [], clusterPolicies: [], nodes: [],
    findings: [...parseFindings], objectCount: objects.length };
  for (const obj of objects) {
    try {
      for (const f of validateObject(obj, text)) sf.findings.push(f);
      const ns = readNamespace(obj);
      if (ns) sf.namespaces.push(ns);
      const pod = readPodSource(obj);
      // Objects that name no namespace land in the file's default (a Helm release's namespace).
      if (pod) sf.podSources.push(pod.namespace === undefined ? { ...pod, namespace: defaultNamespace } : pod);
      const service = readService(obj);
      if (service) sf.evidence.push(service);
      for (const e of readOperatorResource(obj)) sf.evidence.push(e);
      // Policy ids are unique for the life of the process, so analyses can be cached by id.
      if (isNetworkPolicy(obj)) {
        const policy = { id: nextPolicyId++, ...readPolicy(obj, defaultNamespace) };
        if (release) policy.namespaceExplicit = true;
        sf.policies.push(policy);
      }
      const origin = clusterPolicyOrigin(obj);
      if (origin) sf.clusterPolicies.push({ id: nextPolicyId++, ...readClusterPolicy(obj, origin) });
      const node = readNode(obj);
      if (node) sf.nodes.push(node);
    } catch (e) {
      // The alias budget or a pathological node: report on this object, keep the rest.
      sf.findings.push({ id: 'unreadable-object', severity: 'error', file, span: obj.span,
        message: `This object could not be read: ${(e as Error).message}` });
    }
  }
  return sf;
}

/**
 * Whether some `---` document of the text is meant as a Kubernetes object: it has both
 * `apiVersion` and `kind` keys at its root (block keys at the root's indentation, or keys of a
 * root flow map as in JSON). Keys deeper down (an OpenAPI schema's `properties.kind`, a CI step's
 * `with: {kind: ...}`) do not count. Reads the text, not a parse, so broken manifests count too.
 */
export function looksLikeKubernetes(text: string): boolean {
  return splitSections(text).some((sec) => {
    const keys = rootKeys(text, sec.start, sec.end);
    return keys.has('apiVersion') && keys.has('kind');
  });
}

const ROOT_KEY = /["']?(apiVersion|kind)["']?[ \t]*:/y;

/** Which of `apiVersion` and `kind` the document in text[start, end) has at its root. */
function rootKeys(text: string, start: number, end: number): Set<string> {
  const found = new Set<string>();
  const key = (at: number) => {
    ROOT_KEY.lastIndex = at;
    const m = ROOT_KEY.exec(text);
    if (m) found.add(m[1]!);
  };
  // The first line with content (not blank, a comment, a directive or the `---` marker).
  let i = start;
  let indent = -1;
  while (i < end) {
    const lineEnd = lineEndAt(text, i, end);
    const line = text.slice(i, lineEnd);
    const content = line.replace(/^(---)?[\s\uFEFF]*/, '');
    if (content !== '' && !content.startsWith('#') && !content.startsWith('%')) {
      i += line.length - content.length;
      indent = line.length - line.replace(/^[ \uFEFF]*/, '').length;
      break;
    }
    i = lineEnd + 1;
  }
  if (indent < 0) return found;
  if (text[i] === '{') {
    // A root flow map: keys directly after `{` or `,` at depth 1, outside quoted scalars.
    let depth = 0;
    for (let j = i; j < end; j++) {
      const ch = text[j]!;
      if (ch === '"' || ch === "'") {
        if (depth === 1 && /[{,]\s*$/.test(text.slice(Math.max(i, j - 40), j))) key(j);
        j = quotedEnd(text, j, end);
      } else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') { if (--depth === 0) break; }
      else if (depth === 1 && /[A-Za-z]/.test(ch) && /[{,]\s*$/.test(text.slice(Math.max(i, j - 40), j))) key(j);
    }
    return found;
  }
  // A block map: keys on lines indented exactly as the first.
  for (let l = i - indent; l < end; l = lineEndAt(text, l, end) + 1) {
    let k = l;
    while (k < end && text[k] === ' ') k++;
    if (k - l === indent) key(k);
  }
  return found;
}

function lineEndAt(text: string, i: number, end: number): number {
  const n = text.indexOf('\n', i);
  return n < 0 || n > end ? end : n;
}

