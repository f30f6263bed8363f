// What the fake API server serves besides objects: the resource table, the discovery documents
// kubectl reads before any request (/api, /apis, /api/v1, ...) and the Table form of `kubectl get`.

/** One served resource: its group version, plural and kind. */
export interface Resource {
  groupVersion: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
}

/** Every resource the fake serves. */
export const RESOURCES: Resource[] = [
  { groupVersion: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'] },
  { groupVersion: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'] },
  { groupVersion: 'apps/v1', plural: 'deployments', kind: 'Deployment', namespaced: true, shortNames: ['deploy'] },
  { groupVersion: 'apps/v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'] },
  { groupVersion: 'apps/v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'] },
  { groupVersion: 'apps/v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'] },
  { groupVersion: 'batch/v1', plural: 'jobs', kind: 'Job', namespaced: true, shortNames: [] },
  { groupVersion: 'batch/v1', plural: 'cronjobs', kind: 'CronJob', namespaced: true, shortNames: ['cj'] },
  { groupVersion: 'networking.k8s.io/v1', plural: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'] },
];

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The discovery document at `path`, or undefined when it is not one. */
export function discovery(path: string, address: string): unknown {
  if (path === '/version') return { major: '1', minor: '35', gitVersion: 'v1.35.0-fake', platform: 'linux/amd64', goVersion: 'go1.25.0', compiler: 'gc' };
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }] };
  if (path === '/apis') {
    const groups = [...new Set(RESOURCES.map((r) => r.groupVersion).filter((gv) => gv.includes('/')))].map((gv) => {
      const version = { groupVersion: gv, version: gv.split('/')[1]! };
      return { name: gv.split('/')[0]!, versions: [version], preferredVersion: version };
    });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }
  const gv = path === '/api/v1' ? 'v1' : path.startsWith('/apis/') ? path.slice('/apis/'.length) : undefined;
  const served = RESOURCES.filter((r) => r.groupVersion === gv);
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv,
    resources: served.map((r) => ({ name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: VERBS,
      shortNames: r.shortNames })),
  };
}

/** Whether the client asked for the server-side printing (`kubectl get` without -o). */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && accept.includes('as=Table');
}

type Obj = { metadata: { name: string; namespace?: string; creationTimestamp?: string; resourceVersion?: string } };

/** The objects as a meta.k8s.io/v1 Table: name, (namespace status,) age. */
export function table(resource: Resource, items: Obj[], resourceVersion: string, now: number): unknown {
  const columns = [{ name: 'Name', type: 'string', format: 'name', description: 'Name of the object', priority: 0 }];
  if (resource.kind === 'Namespace') columns.push({ name: 'Status', type: 'string', format: '', description: 'The phase', priority: 0 });
  columns.push({ name: 'Age', type: 'string', format: '', description: 'Time since creation', priority: 0 });
  const rows = items.map((o) => {
    const age = `${Math.max(0, Math.round((now - Date.parse(o.metadata.creationTimestamp ?? new Date(now).toISOString())) / 1000))}s`;
    const cells = resource.kind === 'Namespace' ? [o.metadata.name, 'Active', age] : [o.metadata.name, age];
    return { cells, object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata } };
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion }, columnDefinitions: columns, rows };
}
