// Turns the cluster's objects into manifest text the engine reads like any file: only the fields
// the analysis uses (labels, owners, ports, hostNetwork, pod IPs, policy specs), in a stable order.
import { stringify } from 'yaml';
import type { ClusterResource } from './resources';

type Json = Record<string, unknown>;
/** The objects read, per resource plural. */
export type ClusterObjects = Map<string, { resource: ClusterResource; items: readonly Json[] }>;

/** One manifest file of the cluster: a virtual path and its text. */
export interface ClusterFile {
  file: string;
  text: string;
}

/**
 * The objects as YAML files, one per namespace (`cluster://CONTEXT/NS.yaml`) plus one for the
 * Namespace objects (`cluster://CONTEXT/namespaces.yaml`): a change re-reads one namespace only.
 */
export function toManifestFiles(context: string, objects: ClusterObjects, json = false): ClusterFile[] {
  const byFile = new Map<string, Json[]>();
  for (const o of trimAll(objects)) {
    const ns = (o.metadata as Json).namespace as string | undefined;
    const name = ns === undefined ? 'namespaces' : `namespace-${ns}`;
    let list = byFile.get(name);
    if (!list) byFile.set(name, (list = []));
    list.push(o);
  }
  return [...byFile.keys()].sort().map((name) => ({ file: `cluster://${context}/${name}.yaml`, text: manifestText(byFile.get(name)!, json) }));
}

/** Every object trimmed to what the engine reads, without those that run no pods. */
export function trimAll(objects: ClusterObjects): Json[] {
  const owners = podOwners(objects);
  const out: Json[] = [];
  for (const { resource, items } of objects.values()) {
    for (const item of items) {
      const o = trim(resource, item, owners);
      if (o) out.push(o);
    }
  }
  return out;
}

/** The controllers of the pods, as `ns/Kind/name`. */
function podOwners(objects: ClusterObjects): Set<string> {
  const out = new Set<string>();
  for (const pod of objects.get('pods')?.items ?? []) {
    const meta = (pod.metadata ?? {}) as Json;
    for (const r of (meta.ownerReferences ?? []) as Json[]) if (r.controller === true) out.add(`${meta.namespace}/${r.kind}/${r.name}`);
  }
  return out;
}

/**
 * Objects as one multi-document YAML text, sorted by kind, namespace and name. With `json`, each
 * document is one line of JSON (still YAML): the editor re-makes a namespace's file per watch
 * event, and JSON.stringify costs a fiftieth of YAML's stringify while the parse costs the same.
 */
export function manifestText(objects: Json[], json = false): string {
  const order = ['Namespace', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'ReplicaSet', 'Job', 'Pod', 'NetworkPolicy'];
  const key = (o: Json) => {
    const m = o.metadata as Json;
    return `${String(order.indexOf(o.kind as string)).padStart(2, '0')}\0${m.namespace ?? ''}\0${m.name}`;
  };
  const sorted = [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return sorted.map((o) => (json ? `---\n${JSON.stringify(o)}\n` : `---\n${stringify(o, { lineWidth: 0 })}`)).join('');
}

/** The object with only what the engine reads, or undefined when it runs no pods; `owners` are the pods' controllers (`ns/Kind/name`). */
export function trim(resource: ClusterResource, o: Json, owners: ReadonlySet<string>): Json | undefined {
  const meta = (o.metadata ?? {}) as Json;
  if (typeof meta.name !== 'string') return undefined;
  const head = { apiVersion: resource.apiVersion, kind: resource.kind };
  const metadata: Json = { name: meta.name };
  if (typeof meta.namespace === 'string') metadata.namespace = meta.namespace;
  if (meta.labels && Object.keys(meta.labels).length > 0) metadata.labels = meta.labels;
  const owner = ((meta.ownerReferences ?? []) as Json[]).find((r) => r.controller === true);
  if (owner) metadata.ownerReferences = [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, controller: true }];
  const spec = (o.spec ?? {}) as Json;
  const status = (o.status ?? {}) as Json;
  switch (resource.kind) {
    case 'Namespace':
      return { ...head, metadata };
    case 'NetworkPolicy':
      return { ...head, metadata, spec };
    case 'Pod': {
      // A finished pod holds no address any more (its IP goes to another pod) and serves nothing.
      if (status.phase === 'Succeeded' || status.phase === 'Failed') return undefined;
      const out: Json = { ...head, metadata, spec: podSpec(spec) };
      const ips: Json = {};
      if (status.podIP) ips.podIP = status.podIP;
      if (Array.isArray(status.podIPs) && status.podIPs.length > 0) ips.podIPs = status.podIPs;
      if (Object.keys(ips).length > 0) out.status = ips;
      return out;
    }
    default: {
      // A ReplicaSet scaled to zero is an old revision of its Deployment; kept, its own
      // pod-template-hash would split it off as a workload that runs nothing. Kept while a pod
      // still names it as owner (scaling down), so that pod stays in its Deployment.
      if (resource.kind === 'ReplicaSet' && spec.replicas === 0 && !owners.has(`${meta.namespace}/ReplicaSet/${meta.name}`)) return undefined;
      // A Job runs pods only while they live: a finished one (kept for its history) runs nothing.
      if (resource.kind === 'Job' && !owners.has(`${meta.namespace}/Job/${meta.name}`)) return undefined;
      if (resource.kind === 'CronJob') {
        const jobTemplate = (spec.jobTemplate ?? {}) as Json;
        const jobSpec = (jobTemplate.spec ?? {}) as Json;
        const template = (jobSpec.template ?? {}) as Json;
        const labels = ((template.metadata ?? {}) as Json).labels;
        return { ...head, metadata, spec: { jobTemplate: { spec: { template: { metadata: labels ? { labels } : {}, spec: podSpec((template.spec ??
          {}) as Json) } } } } };
      }
      const template = (spec.template ?? {}) as Json;
      const labels = ((template.metadata ?? {}) as Json).labels;
      const out: Json = {};
      if (typeof spec.replicas === 'number') out.replicas = spec.replicas;
      if (spec.selector) out.selector = spec.selector;
      out.template = { metadata: labels ? { labels } : {}, spec: podSpec((template.spec ?? {}) as Json) };
      return { ...head, metadata, spec: out };
    }
  }
}

/**
 * The object as the reader keeps it in memory: what `trim` reads, plus the resourceVersion the
 * informer watches from. A real pod is kilobytes (managedFields, env, volumes); this is a tenth.
 */
export function slim(resource: ClusterResource, o: Json): Json {
  const meta = (o.metadata ?? {}) as Json;
  const metadata: Json = { name: meta.name };
  for (const k of ['namespace', 'labels', 'resourceVersion'] as const) if (meta[k] !== undefined) metadata[k] = meta[k];
  const owners = ((meta.ownerReferences ?? []) as Json[]).filter((r) => r.controller === true);
  if (owners.length > 0) metadata.ownerReferences = owners.map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, name: r.name, controller: true }));
  const out: Json = { apiVersion: o.apiVersion ?? resource.apiVersion, kind: o.kind ?? resource.kind, metadata };
  const spec = (o.spec ?? {}) as Json;
  const status = (o.status ?? {}) as Json;
  const template = (t: Json) => ({ metadata: { labels: ((t.metadata ?? {}) as Json).labels }, spec: podSpec((t.spec ?? {}) as Json) });
  switch (resource.kind) {
    case 'Namespace': return out;
    case 'NetworkPolicy': return { ...out, spec };
    case 'Pod': return { ...out, spec: podSpec(spec), status: { phase: status.phase, podIP: status.podIP, podIPs: status.podIPs } };
    case 'CronJob': {
      const jobSpec = (((spec.jobTemplate ?? {}) as Json).spec ?? {}) as Json;
      return { ...out, spec: { jobTemplate: { spec: { template: template((jobSpec.template ?? {}) as Json) } } } };
    }
    default: return { ...out, spec: { replicas: spec.replicas, selector: spec.selector, template: template((spec.template ?? {}) as Json) } };
  }
}

/** hostNetwork and each container's name and ports (init containers with their restartPolicy). */
function podSpec(spec: Json): Json {
  const containers = (list: unknown, init: boolean) => ((Array.isArray(list) ? list : []) as Json[]).map((c) => {
    const out: Json = { name: c.name };
    if (init && c.restartPolicy) out.restartPolicy = c.restartPolicy;
    if (Array.isArray(c.ports) && c.ports.length > 0) out.ports = c.ports;
    return out;
  });
  const out: Json = {};
  if (spec.hostNetwork === true) out.hostNetwork = true;
  out.containers = containers(spec.containers, false);
  const init = containers(spec.initContainers, true);
  if (init.length > 0) out.initContainers = init;
  return out;
}
