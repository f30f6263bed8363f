// The networking.k8s.io/v1 NetworkPolicy schema as data: fields, types, enums and their API
// documentation. One source for completion, hover and schema validation.

/** The type of a schema node. */
export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'int-or-string' | 'map';

/** One field of the schema. */
export interface SchemaField {
  type: SchemaType;
  doc: string;
  /** Fields of an object, or of each item of an array of objects. */
  fields?: Record<string, SchemaField>;
  /** For arrays of scalars: the item type and enum. */
  items?: SchemaField;
  enum?: string[];
  required?: string[];
}

const selector = (what: string): SchemaField => ({
  type: 'object',
  doc: `${what} A label selector: matchLabels and matchExpressions are ANDed; \`{}\` selects everything in scope.`,
  fields: {
    matchLabels: { type: 'map', doc: 'Labels that must all be present with exactly these values. Values are strings: quote numbers and booleans ("1", ' +
      '"true").' },
    matchExpressions: {
      type: 'array',
      doc: 'Requirements that must all hold.',
      required: ['key', 'operator'],
      fields: {
        key: { type: 'string', doc: 'The label key the requirement applies to.' },
        operator: { type: 'string', doc: 'How the key relates to the values: `In`, `NotIn` (also true when the key is absent), `Exists`, `DoesNotExist`.',
          enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
        values: { type: 'array', doc: 'Required (non-empty) for In and NotIn; must be absent or empty for Exists and DoesNotExist.',
          items: { type: 'string', doc: 'A label value.' } },
      },
    },
  },
});

const peer = (direction: 'from' | 'to'): SchemaField => ({
  type: 'array',
  doc: direction === 'from'
    ? 'Sources this rule admits. Missing or empty: every source, inside or outside the cluster. Items are ORed; the fields inside one item are ANDed.'
    : 'Destinations this rule admits. Missing or empty: every destination. Items are ORed; the fields inside one item are ANDed.',
  fields: {
    podSelector: selector('Pods to match. Alone: pods in the policy\'s own namespace. With namespaceSelector in the SAME item: those pods in the matching ' +
      'namespaces (AND).'),
    namespaceSelector: selector('Namespaces to match; alone it admits every pod in them (`{}`: every namespace). Every namespace has the label ' +
      'kubernetes.io/metadata.name=<name>.'),
    ipBlock: {
      type: 'object',
      doc: 'An IP range (CIDR), minus `except` ranges. Matches addresses outside the cluster; whether it matches pod IPs depends on your CNI. May not be ' +
        'combined with a selector in one item.',
      required: ['cidr'],
      fields: {
        cidr: { type: 'string', doc: 'A CIDR such as 10.0.0.0/8 or 2001:db8::/32.' },
        except: { type: 'array', doc: 'CIDRs to exclude; each must lie strictly inside `cidr`.', items: { type: 'string', doc: 'A CIDR inside `cidr`.' } },
      },
    },
  },
});

const ports: SchemaField = {
  type: 'array',
  doc: 'Ports this rule admits. Missing or empty: every port and protocol. Each item is one protocol and a port or range.',
  fields: {
    protocol: { type: 'string', doc: 'TCP (the default), UDP or SCTP. Upper case.', enum: ['TCP', 'UDP', 'SCTP'] },
    port: { type: 'int-or-string', doc: 'A port number (1-65535) or a named container port, resolved on the destination pod. Missing: every port of the ' +
      'protocol. A quoted number is read as a name.' },
    endPort: { type: 'integer', doc: 'With a numeric `port`: the last port of the range port..endPort (inclusive). Not allowed with a named port.' },
  },
};

/** The NetworkPolicy object. */
export const NETWORK_POLICY_SCHEMA: SchemaField = {
  type: 'object',
  doc: 'A NetworkPolicy describes what traffic selected pods accept and send.',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  fields: {
    apiVersion: { type: 'string', doc: 'networking.k8s.io/v1 (extensions/v1beta1 is no longer served).', enum: ['networking.k8s.io/v1'] },
    kind: { type: 'string', doc: 'NetworkPolicy.', enum: ['NetworkPolicy'] },
    metadata: {
      type: 'object',
      doc: 'Name and namespace of the policy. Its podSelector only ever selects pods in this namespace.',
      required: ['name'],
      fields: {
        name: { type: 'string', doc: 'A DNS subdomain: lowercase letters, digits, `-` and `.`.' },
        namespace: { type: 'string', doc: 'The namespace the policy lives in and whose pods it selects. Missing: the default namespace of `kubectl apply`.' },
        labels: { type: 'map', doc: 'Labels of the policy object itself (they do not select anything).' },
        annotations: { type: 'map', doc: 'Annotations of the policy object.' },
      },
    },
    spec: {
      type: 'object',
      doc: 'What the policy selects and allows.',
      required: ['podSelector'],
      fields: {
        podSelector: selector('The pods this policy applies to, in the policy\'s namespace only. `{}` selects every pod in the namespace.'),
        policyTypes: {
          type: 'array',
          doc: 'Which directions the policy isolates. Missing: Ingress, plus Egress when an egress section is written. Written: taken as is; `[Ingress, ' +
            'Egress]` without egress rules denies all egress.',
          items: { type: 'string', doc: 'Ingress or Egress.', enum: ['Ingress', 'Egress'] },
        },
        ingress: { type: 'array', doc: 'Rules for incoming traffic; a connection is admitted if any rule of any policy selecting the pod matches. `[]` ' +
          'admits nothing; `[{}]` admits everything.', fields: { from: peer('from'), ports } },
        egress: { type: 'array', doc: 'Rules for outgoing traffic; remember DNS (UDP and TCP 53) when egress is isolated. `[]` admits nothing; `[{}]` admits ' +
          'everything.', fields: { to: peer('to'), ports } },
      },
    },
    status: { type: 'object', doc: 'Set by the cluster; ignored.' },
  },
};

/** The schema node at a path of keys (array indexes skipped), or undefined outside the schema. */
export function schemaAt(path: readonly (string | number)[]): SchemaField | undefined {
  let node: SchemaField | undefined = NETWORK_POLICY_SCHEMA;
  for (const p of path) {
    if (!node) return undefined;
    if (typeof p === 'number') {
      if (node.type !== 'array') return undefined;
      if (node.items) node = node.items;
      continue;
    }
    if (node.type === 'map') return { type: 'string', doc: 'A value.' };
    node = node.fields?.[p];
  }
  return node;
}
