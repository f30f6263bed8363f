// Reads one file into its facts: namespaces, pod sources, policies and findings.
// The unit of incremental analysis: a changed file is re-read alone.
import { parseManifests, type ManifestObject, type ParseOptions } from './parse-manifests';
import { shiftSpans } from './shift-spans';
import { readNamespace, readPodSource, type NamespaceFact, type PodSource } from './extract-workloads';
import { isNetworkPolicy, readPolicy } from './extract-policy';
import { validateObject } from './validate';
import type { Finding, Policy } from './types';

/** Everything the engine keeps of one file. */
export interface FileFacts {
  file: string;
  namespaces: NamespaceFact[];
  podSources: PodSource[];
  policies: Policy[];
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
  policies: Policy[];
  findings: Finding[];
  objectCount: number;
}

/** Reads a file's text into facts; never throws on bad input. */
export function readFile(file: string, text: string, options: ReadOptions = {}): FileFacts {
  const parsed = parseManifests(file, text, options);
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const facts: FileFacts = { file, namespaces: [], podSources: [], policies: [], findings: [], objectCount: 0 };
  if (parsed.sections.length === 0) facts.findings.push(...parsed.findings); // file-level: too large, binary
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
      shiftSpans(sf, sec.start - sf.base);
      sf.base = sec.start;
      if (sf.options !== optionsKey) {
        sf = readSection(file, text, sec.objects, sf.parseFindings, defaultNamespace, sec.start, optionsKey);
        cache!.setFacts(key, sf);
      }
    } else {
      sf = readSection(file, text, sec.objects, sec.findings, defaultNamespace, sec.start, optionsKey);
      // A second section with the same text gets its own facts; only the first is cached.
      if (cache && cache.getFacts(key) === undefined) cache.setFacts(key, sf);
    }
    used.add(sf);
    facts.namespaces.push(...sf.namespaces);
    facts.podSources.push(...sf.podSources);
    facts.policies.push(...sf.policies);
    facts.findings.push(...sf.findings);
    facts.objectCount += sf.objectCount;
  }
  if (options.keepObjects) facts.objects = parsed.objects;
  if (facts.objectCount === 0 && !looksLikeKubernetes(text)) {
    // Not a manifest at all (a CI config, a tsconfig with comments): leave it alone.
    facts.findings = facts.findings.filter((f) => f.id === 'file-too-large' || f.id === 'binary-file');
  }
  return facts;
}

/** The read options that change a section's facts, as a cache key part. */
function factsKey(options: ReadOptions): string {
  return `ns=${options.defaultNamespace ?? 'default'}`;
}

function readSection(file: string, text: string, objects: ManifestObject[], parseFindings: Finding[], defaultNamespace: string, base: number, options: string): SectionFacts {
  const sf: SectionFacts = { options, base, parseFindings, namespaces: [], podSources: [], policies: [], findings: [...parseFindings], objectCount: objects.length };
  for (const obj of objects) {
    try {
      sf.findings.push(...validateObject(obj, text));
      const ns = readNamespace(obj);
      if (ns) sf.namespaces.push(ns);
      const pod = readPodSource(obj);
      if (pod) sf.podSources.push(pod);
      // Policy ids are unique for the life of the process, so analyses can be cached by id.
      if (isNetworkPolicy(obj)) sf.policies.push({ id: nextPolicyId++, ...readPolicy(obj, defaultNamespace) });
    } catch (e) {
      // The alias budget or a pathological node: report on this object, keep the rest.
      sf.findings.push({ id: 'unreadable-object', severity: 'error', file, span: obj.span,
        message: `This object could not be read: ${(e as Error).message}` });
    }
  }
  return sf;
}

/** Whether text mentions `apiVersion:` or `kind:` keys, i.e. is meant as a Kubernetes manifest. */
export function looksLikeKubernetes(text: string): boolean {
  return /(^|[\s{,])["']?(apiVersion|kind)["']?\s*:/m.test(text);
}
