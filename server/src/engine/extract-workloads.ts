// Reads namespaces and pod sources (Pods and pod templates of controllers) out of manifest objects.
// Pure: only yaml nodes in, plain data out.
import { isMap, isScalar, type Node } from 'yaml';
import { parseIp } from './ip';
import type { ManifestObject } from './parse-manifests';
import type { ContainerPort, IpAddress, Protocol, Span } from './types';

/** Kinds whose objects carry pods (directly or through a template). */
export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Job', 'CronJob'] as const;

/** A namespace as declared in a file. */
export interface NamespaceFact {
  name: string;
  labels: [string, string][];
  file: string;
  span: Span;
}

/** A Pod or a controller's pod template, before grouping by owner. */
export interface PodSource {
  kind: string;
  name: string;
  /** undefined: the file's default namespace applies. */
  namespace?: string;
  labels: [string, string][];
  labelsSpan?: Span;
  ports: ContainerPort[];
  hostNetwork: boolean;
  ips: IpAddress[];
  /**
   * How many pods this object stands for: 1 for a Pod, `spec.replicas` (default 1) for a
   * Deployment, ReplicaSet, StatefulSet or ReplicationController, `spec.parallelism` (default 1)
   * for a Job; undefined when the manifest cannot say (a DaemonSet runs one per node, a CronJob
   * per schedule, a templated count).
   */
  pods?: number;
  /** The controller owner (`ownerReferences[].controller: true`, not a Node). */
  owner?: { kind: string; name: string };
  file: string;
  span: Span;
}

/** Reads a Namespace object. */
export function readNamespace(obj: ManifestObject): NamespaceFact | undefined {
  if (obj.kind !== 'Namespace' || !obj.name) return undefined;
  const src = obj.src;
  const meta = src.getMap(obj.node, 'metadata');
  return { name: obj.name, labels: stringMap(obj, src.get(meta, 'labels')?.value ?? null), file: obj.file, span: obj.span };
}

/** Reads the pods an object describes: itself for a Pod, its template for a controller. */
export function readPodSource(obj: ManifestObject): PodSource | undefined {
  if (!(WORKLOAD_KINDS as readonly string[]).includes(obj.kind) || !obj.name) return undefined;
  const src = obj.src;
  let podMeta: Node | null | undefined;
  let podSpec: Node | null | undefined;
  if (obj.kind === 'Pod') {
    podMeta = src.get(obj.node, 'metadata')?.value;
    podSpec = src.get(obj.node, 'spec')?.value;
  } else {
    let spec = src.getMap(obj.node, 'spec');
    if (obj.kind === 'CronJob') spec = src.getMap(src.getMap(spec, 'jobTemplate'), 'spec');
    const template = src.getMap(spec, 'template');
    podMeta = src.get(template, 'metadata')?.value;
    podSpec = src.get(template, 'spec')?.value;
  }
  const labelsEntry = src.get(podMeta, 'labels');
  const source: PodSource = {
    kind: obj.kind,
    name: obj.name,
    namespace: obj.namespace,
    labels: stringMap(obj, labelsEntry?.value ?? null),
    labelsSpan: labelsEntry ? src.pairSpan(labelsEntry.pair) : undefined,
    ports: readPorts(obj, podSpec ?? null),
    hostNetwork: src.getString(podSpec, 'hostNetwork') === 'true',
    ips: obj.kind === 'Pod' ? readPodIps(obj) : [],
    pods: podCount(obj),
    owner: readOwner(obj),
    file: obj.file,
    span: obj.span,
  };
  return source;
}

const COUNT_FIELD: Record<string, string> = { Deployment: 'replicas', ReplicaSet: 'replicas', StatefulSet: 'replicas', ReplicationController: 'replicas',
  Job: 'parallelism' };

/** The pods an object stands for, from the manifest alone (see PodSource.pods). */
function podCount(obj: ManifestObject): number | undefined {
  if (obj.kind === 'Pod') return 1;
  const field = COUNT_FIELD[obj.kind];
  if (!field) return undefined;
  const v = obj.src.get(obj.src.getMap(obj.node, 'spec'), field)?.value;
  if (v === undefined || v === null) return 1; // the API server's default
  const n = isScalar(v) ? v.value : undefined;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function stringMap(obj: ManifestObject, node: Node | null): [string, string][] {
  if (!isMap(node)) return [];
  const out: [string, string][] = [];
  for (const e of obj.src.entries(node)) {
    const v = e.value;
    if (v === null || (isScalar(v) && v.value === null)) out.push([e.key, '']);
    else if (isScalar(v)) out.push([e.key, String(v.value)]);
  }
  return out;
}

function readPorts(obj: ManifestObject, podSpec: Node | null): ContainerPort[] {
  const src = obj.src;
  const out: ContainerPort[] = [];
  for (const listKey of ['containers', 'initContainers']) {
    for (const c of src.items(src.getSeq(podSpec, listKey))) {
      // Init containers serve traffic only as restartable sidecars (`restartPolicy: Always`);
      // an ordinary init container has exited before the pod serves, so its ports never resolve.
      if (listKey === 'initContainers' && src.getString(c, 'restartPolicy') !== 'Always') continue;
      for (const p of src.items(src.getSeq(c, 'ports'))) {
        const port = Number(src.getString(p, 'containerPort'));
        if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
        const protocol = (src.getString(p, 'protocol') ?? 'TCP') as Protocol;
        if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') continue;
        const name = src.getString(p, 'name');
        out.push(name ? { name, port, protocol } : { port, protocol });
      }
    }
  }
  return out;
}

function readPodIps(obj: ManifestObject): IpAddress[] {
  const src = obj.src;
  const status = src.getMap(obj.node, 'status');
  const texts = new Set<string>();
  const one = src.getString(status, 'podIP');
  if (one) texts.add(one);
  for (const item of src.items(src.getSeq(status, 'podIPs'))) {
    const ip = src.getString(item, 'ip');
    if (ip) texts.add(ip);
  }
  const out: IpAddress[] = [];
  for (const t of texts) {
    const ip = parseIp(t);
    if (ip && !out.some((o) => o.family === ip.family && o.value === ip.value)) out.push(ip);
  }
  return out;
}

function readOwner(obj: ManifestObject): PodSource['owner'] {
  const src = obj.src;
  const meta = src.getMap(obj.node, 'metadata');
  for (const ref of src.items(src.getSeq(meta, 'ownerReferences'))) {
    if (src.getString(ref, 'controller') !== 'true') continue;
    const kind = src.getString(ref, 'kind');
    const name = src.getString(ref, 'name');
    if (kind && name && kind !== 'Node') return { kind, name };
  }
  return undefined;
}
