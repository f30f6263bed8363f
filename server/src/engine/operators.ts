// Operators that create pods the workspace never shows, as data: which object in the workspace
// tells that they run (a custom resource, or the operator's own workload) and the labels and
// named ports of the pods they make. Pure data and lookups; no yaml here.
import type { ContainerPort } from './types';

/** The pods of one kind an operator creates for one trigger object named `name`. */
export interface OperatorPods {
  /** What these pods are, for messages ("Prometheus server pods"). */
  what: string;
  labels(name: string): [string, string][];
  /** Named container ports the operator gives them. */
  ports?: ContainerPort[];
}

/** One operator: what shows it runs, and the pods it creates in the trigger's namespace. */
export interface OperatorEntry {
  /** A custom resource (kind and API group) it turns into pods, or a label of its own pods. */
  trigger: { kind: string; group: string } | { podLabel: [string, string] };
  /** Paths (from the object's root) of label maps the operator copies onto the pods. */
  copiedLabels?: string[][];
  pods: OperatorPods[];
  /** Where the labels come from, so an entry can be checked against its operator. */
  source: string;
}

/**
 * prometheus-operator labels across its versions: `app` in old ones, the `app.kubernetes.io/*`
 * set in newer ones; the workspace does not say which version runs, so both count. (`spec.portName`
 * can rename the "web" port; the default is listed.)
 */
const promOp = (name: string, kindLabel: string, n: string): [string, string][] => [
  ['app.kubernetes.io/name', name], ['app.kubernetes.io/managed-by', 'prometheus-operator'],
  ['app.kubernetes.io/instance', n], [kindLabel, n], ['app', name],
];

/** The operators the engine knows. */
export const OPERATORS: readonly OperatorEntry[] = [
  {
    // prometheus-operator pkg/prometheus/server/statefulset.go: pods of StatefulSet prometheus-<name>
    // carry app.kubernetes.io/{name,instance,managed-by}, prometheus=<name>, operator.prometheus.io/name=<name>,
    // plus spec.podMetadata.labels; container port "web" 9090.
    trigger: { kind: 'Prometheus', group: 'monitoring.coreos.com' },
    copiedLabels: [['spec', 'podMetadata', 'labels']],
    pods: [{ what: 'Prometheus server pods', labels: (n) => [...promOp('prometheus', 'prometheus', n), ['operator.prometheus.io/name', n]],
      ports: [{ name: 'web', port: 9090, protocol: 'TCP' }] }],
    source: 'prometheus-operator pkg/prometheus/server/statefulset.go',
  },
  {
    // prometheus-operator pkg/prometheus/agent/statefulset.go: app.kubernetes.io/name=prometheus-agent.
    trigger: { kind: 'PrometheusAgent', group: 'monitoring.coreos.com' },
    copiedLabels: [['spec', 'podMetadata', 'labels']],
    pods: [{ what: 'Prometheus agent pods', labels: (n) => [['app.kubernetes.io/name', 'prometheus-agent'], ['app.kubernetes.io/managed-by',
      'prometheus-operator'], ['app.kubernetes.io/instance', n], ['operator.prometheus.io/name', n]], ports: [{ name: 'web', port: 9090, protocol: 'TCP' }] }],
    source: 'prometheus-operator pkg/prometheus/agent/statefulset.go',
  },
  {
    // prometheus-operator pkg/alertmanager/statefulset.go: alertmanager=<name>, app (old) or
    // app.kubernetes.io/name=alertmanager; ports web 9093, mesh-tcp 9094, mesh-udp 9094/UDP.
    trigger: { kind: 'Alertmanager', group: 'monitoring.coreos.com' },
    copiedLabels: [['spec', 'podMetadata', 'labels']],
    pods: [{
      what: 'Alertmanager pods', labels: (n) => promOp('alertmanager', 'alertmanager', n),
      ports: [{ name: 'web', port: 9093, protocol: 'TCP' }, { name: 'mesh-tcp', port: 9094, protocol: 'TCP' }, { name: 'mesh-udp', port: 9094,
        protocol: 'UDP' }],
    }],
    source: 'prometheus-operator pkg/alertmanager/statefulset.go',
  },
  {
    // prometheus-operator pkg/thanos/statefulset.go: thanos-ruler=<name>; ports web 10902, grpc 10901.
    trigger: { kind: 'ThanosRuler', group: 'monitoring.coreos.com' },
    copiedLabels: [['spec', 'podMetadata', 'labels']],
    pods: [{ what: 'Thanos Ruler pods', labels: (n) => promOp('thanos-ruler', 'thanos-ruler', n), ports: [{ name: 'web', port: 10902, protocol: 'TCP' },
      { name: 'grpc', port: 10901, protocol: 'TCP' }] }],
    source: 'prometheus-operator pkg/thanos/statefulset.go',
  },
  {
    // KubeVirt pkg/virt-controller/services/template.go: the virt-launcher pod of a VMI carries
    // kubevirt.io=virt-launcher, vm.kubevirt.io/name=<name> and the VMI's own labels, which a
    // VirtualMachine takes from spec.template.metadata.labels.
    trigger: { kind: 'VirtualMachine', group: 'kubevirt.io' },
    copiedLabels: [['spec', 'template', 'metadata', 'labels']],
    pods: [{ what: 'virt-launcher pods', labels: (n) => [['kubevirt.io', 'virt-launcher'], ['vm.kubevirt.io/name', n]] }],
    source: 'kubevirt pkg/virt-controller/services/template.go',
  },
  {
    trigger: { kind: 'VirtualMachineInstance', group: 'kubevirt.io' },
    copiedLabels: [['metadata', 'labels']],
    pods: [{ what: 'virt-launcher pods', labels: (n) => [['kubevirt.io', 'virt-launcher'], ['vm.kubevirt.io/name', n]] }],
    source: 'kubevirt pkg/virt-controller/services/template.go',
  },
  {
    // KubeVirt's install CR: virt-operator deploys virt-api, virt-controller, virt-handler in its
    // namespace, labelled kubevirt.io=<component> (pkg/virt-operator/resource/generate/components).
    trigger: { kind: 'KubeVirt', group: 'kubevirt.io' },
    pods: ['virt-api', 'virt-controller', 'virt-handler'].map((c) => ({ what: `${c} pods`, labels: (): [string, string][] => [['kubevirt.io', c]] })),
    source: 'kubevirt pkg/virt-operator/resource/generate/components',
  },
  {
    // Longhorn: longhorn-manager (pods app=longhorn-manager) creates its data-plane pods in its
    // own namespace, labelled longhorn.io/component (longhorn-manager types/types.go,
    // GetInstanceManagerComponentLabel and friends).
    trigger: { podLabel: ['app', 'longhorn-manager'] },
    pods: ['instance-manager', 'backing-image-manager', 'backing-image-data-source', 'share-manager'].map((c) => ({ what: `Longhorn ${c} pods`,
      labels: (): [string, string][] => [['longhorn.io/component', c]] })),
    source: 'longhorn-manager types/types.go',
  },
  {
    // ECK pkg/controller/elasticsearch/label: common.k8s.elastic.co/type=elasticsearch,
    // elasticsearch.k8s.elastic.co/cluster-name=<name>; ports https 9200, transport 9300.
    trigger: { kind: 'Elasticsearch', group: 'elasticsearch.k8s.elastic.co' },
    pods: [{ what: 'Elasticsearch pods', labels: (n) => [['common.k8s.elastic.co/type', 'elasticsearch'], ['elasticsearch.k8s.elastic.co/cluster-name', n]],
      ports: [{ name: 'https', port: 9200, protocol: 'TCP' }, { name: 'http', port: 9200, protocol: 'TCP' }, { name: 'transport', port: 9300,
      protocol: 'TCP' }] }],
    source: 'cloud-on-k8s pkg/controller/elasticsearch/label',
  },
  {
    // ECK pkg/controller/kibana: common.k8s.elastic.co/type=kibana, kibana.k8s.elastic.co/name=<name>.
    trigger: { kind: 'Kibana', group: 'kibana.k8s.elastic.co' },
    pods: [{ what: 'Kibana pods', labels: (n) => [['common.k8s.elastic.co/type', 'kibana'], ['kibana.k8s.elastic.co/name', n]], ports: [{ name: 'https',
      port: 5601, protocol: 'TCP' }, { name: 'http', port: 5601, protocol: 'TCP' }] }],
    source: 'cloud-on-k8s pkg/controller/kibana',
  },
  {
    // Strimzi: every pod of a Kafka cluster carries strimzi.io/cluster=<name>, strimzi.io/kind=Kafka
    // and strimzi.io/name=<name>-<component> (operator-common Labels).
    trigger: { kind: 'Kafka', group: 'kafka.strimzi.io' },
    pods: ['kafka', 'zookeeper', 'entity-operator'].map((c) => ({ what: `Kafka ${c} pods`, labels: (n: string): [string, string][] => [['strimzi.io/cluster',
      n], ['strimzi.io/kind', 'Kafka'], ['strimzi.io/name', `${n}-${c}`]] })),
    source: 'strimzi-kafka-operator operator-common/.../model/Labels.java',
  },
  {
    // CloudNativePG: instance pods carry cnpg.io/cluster=<name>, cnpg.io/podRole=instance;
    // ports postgresql 5432, metrics 9187 (pkg/specs/pods.go).
    trigger: { kind: 'Cluster', group: 'postgresql.cnpg.io' },
    pods: [{ what: 'PostgreSQL instance pods', labels: (n) => [['cnpg.io/cluster', n], ['cnpg.io/podRole', 'instance']], ports: [{ name: 'postgresql',
      port: 5432, protocol: 'TCP' }, { name: 'metrics', port: 9187, protocol: 'TCP' }] }],
    source: 'cloudnative-pg pkg/specs/pods.go',
  },
];

/** The operator whose custom resource this is (kind, and the group of its apiVersion). */
export function operatorForResource(kind: string, apiVersion: string): OperatorEntry | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return OPERATORS.find((o) => 'kind' in o.trigger && o.trigger.kind === kind && o.trigger.group === group);
}

/** The operators whose own pods carry one of these labels. */
export function operatorsOfPodLabels(labels: ReadonlyMap<string, string>): OperatorEntry[] {
  return OPERATORS.filter((o) => 'podLabel' in o.trigger && labels.get(o.trigger.podLabel[0]) === o.trigger.podLabel[1]);
}
