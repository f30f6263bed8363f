// The resources the cluster source reads: what the engine needs to know pods, their owners,
// namespaces and policies. Only list and watch are ever sent for them.

/** One resource read from the cluster. */
export interface ClusterResource {
  /** The plural, as in RBAC and URLs. */
  plural: string;
  kind: string;
  apiVersion: string;
  /** The cluster-wide list path. */
  path: string;
}

const r = (apiVersion: string, plural: string, kind: string): ClusterResource => ({
  plural, kind, apiVersion, path: `${apiVersion.includes('/') ? '/apis' : '/api'}/${apiVersion}/${plural}`,
});

/** Namespaces (labels for namespaceSelectors), workloads and their pods, and policies. */
export const CLUSTER_RESOURCES: readonly ClusterResource[] = [
  r('v1', 'namespaces', 'Namespace'),
  r('apps/v1', 'deployments', 'Deployment'),
  r('apps/v1', 'statefulsets', 'StatefulSet'),
  r('apps/v1', 'daemonsets', 'DaemonSet'),
  // ReplicaSets link pods to their Deployment, so a Deployment's pods are one workload.
  r('apps/v1', 'replicasets', 'ReplicaSet'),
  // Jobs link a CronJob's pods to it, as ReplicaSets do for a Deployment.
  r('batch/v1', 'cronjobs', 'CronJob'),
  r('batch/v1', 'jobs', 'Job'),
  r('v1', 'pods', 'Pod'),
  r('networking.k8s.io/v1', 'networkpolicies', 'NetworkPolicy'),
];
