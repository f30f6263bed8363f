// Reads evidence of pods the workspace does not describe: a Service's selector (its pods exist
// somewhere), a known operator's custom resource (operators.ts). Pure: yaml nodes in, data out.
import { isMap, isScalar, type Node } from 'yaml';
import { operatorForResource, type OperatorEntry } from './operators';
import type { ManifestObject } from './parse-manifests';
import type { Protocol, Span } from './types';

/** Where the belief that some pods exist comes from. */
export type EvidenceSource = 'service' | 'operator' | 'config';

/** Pods the workspace does not show as workloads but has a reason to believe exist. */
export interface PodEvidence {
  source: EvidenceSource;
  /** The object that is the evidence, for messages: `Service prometheus-k8s`, `Prometheus k8s`. */
  what: string;
  /** What the pods are, when an operator makes them: `Prometheus server pods`. */
  pods?: string;
  /** undefined: the file's default namespace applies. */
  namespace?: string;
  /** Labels the pods carry; a Service's selector: at least these (equality labels). */
  labels: [string, string][];
  /** Container port names the pods have, as `PROTOCOL/name` (a Service's named targetPorts). */
  portNames: string[];
  file?: string;
  span?: Span;
}

/**
 * A Service's pods: it selects pods by equality on `spec.selector`. A Service without a selector
 * (endpoints managed by hand, ExternalName) says nothing about pods.
 */
export function readService(obj: ManifestObject): PodEvidence | undefined {
  if (obj.kind !== 'Service' || obj.apiVersion !== 'v1' || !obj.name) return undefined;
  const src = obj.src;
  const spec = src.getMap(obj.node, 'spec');
  const labels = stringMap(obj, src.get(spec, 'selector')?.value ?? null);
  if (labels.length === 0) return undefined;
  const portNames: string[] = [];
  for (const p of src.items(src.getSeq(spec, 'ports'))) {
    const target = src.get(p, 'targetPort')?.value;
    // A named targetPort is a container port name of the selected pods; a number says nothing.
    if (!isScalar(target) || typeof target.value !== 'string' || /^\d+$/.test(target.value)) continue;
    portNames.push(`${(src.getString(p, 'protocol') ?? 'TCP') as Protocol}/${target.value}`);
  }
  return { source: 'service', what: `Service ${obj.name}`, namespace: obj.namespace, labels, portNames, file: obj.file, span: obj.span };
}

/** The pods a known operator creates from this custom resource, one evidence per kind of pod. */
export function readOperatorResource(obj: ManifestObject): PodEvidence[] {
  const op = obj.name ? operatorForResource(obj.kind, obj.apiVersion) : undefined;
  if (!op) return [];
  return operatorPods(op, obj.name!, obj.namespace, `${obj.kind} ${obj.name}`, copiedLabels(obj, op), { file: obj.file, span: obj.span });
}

/** The evidence of an operator's pods, given what triggered it. */
export function operatorPods(op: OperatorEntry, name: string, namespace: string | undefined, what: string, copied: [string, string][], at: { file?: string;
  span?: Span }): PodEvidence[] {
  return op.pods.map((pods) => {
    const labels = new Map(copied);
    for (const [k, v] of pods.labels(name)) labels.set(k, v);
    return {
      source: 'operator', what, pods: pods.what, namespace, labels: [...labels],
      portNames: (pods.ports ?? []).map((p) => `${p.protocol}/${p.name}`), ...at,
    };
  });
}

function copiedLabels(obj: ManifestObject, op: OperatorEntry): [string, string][] {
  const out: [string, string][] = [];
  for (const path of op.copiedLabels ?? []) {
    let node: Node | null | undefined = obj.node;
    for (const key of path) node = obj.src.get(node, key)?.value;
    for (const entry of stringMap(obj, node ?? null)) out.push(entry);
  }
  return out;
}

function stringMap(obj: ManifestObject, node: Node | null): [string, string][] {
  if (!isMap(node)) return [];
  const out: [string, string][] = [];
  for (const e of obj.src.entries(node)) {
    const v = e.value;
    if (isScalar(v) && v.value !== null) out.push([e.key, String(v.value)]);
    else if (v === null || (isScalar(v) && v.value === null)) out.push([e.key, '']);
  }
  return out;
}
