// Validation the API server does (SEMANTICS.md), as findings: schema and semantic rules of a
// NetworkPolicy, and label syntax of every other object's labels.
import { isNetworkPolicy } from './extract-policy';
import { WORKLOAD_KINDS } from './extract-workloads';
import { labelKeyProblem, labelValueProblem } from './label-syntax';
import { validatePolicy } from './validate-policy';
import { validateSchema } from './validate-schema';
import { clusterPolicyOrigin } from './cluster-policy/extract';
import { validateClusterPolicy } from './cluster-policy/validate';
import { isScalar, type Node } from 'yaml';
import type { ManifestObject } from './parse-manifests';
import type { Finding } from './types';

/** The API-server validation errors of one object; `text` (the file) enables fixes. */
export function validateObject(obj: ManifestObject, text?: string): Finding[] {
  if (isNetworkPolicy(obj)) return [...validateSchema(obj), ...validatePolicy(obj, text)];
  const origin = clusterPolicyOrigin(obj);
  if (origin) return [...validateClusterPolicy(obj, origin, text), ...validateLabels(obj)];
  return validateLabels(obj);
}

function validateLabels(obj: ManifestObject): Finding[] {
  const src = obj.src;
  const out: Finding[] = [];
  const maps: unknown[] = [src.get(src.getMap(obj.node, 'metadata'), 'labels')?.value];
  if ((WORKLOAD_KINDS as readonly string[]).includes(obj.kind) && obj.kind !== 'Pod') {
    let spec = src.getMap(obj.node, 'spec');
    if (obj.kind === 'CronJob') spec = src.getMap(src.getMap(spec, 'jobTemplate'), 'spec');
    maps.push(src.get(src.getMap(src.getMap(spec, 'template'), 'metadata'), 'labels')?.value);
  }
  for (const m of maps) {
    for (const e of src.entries(m)) {
      const kp = labelKeyProblem(e.key);
      if (kp) out.push({ id: 'invalid-label-key', severity: 'error', file: obj.file, span: src.span(e.pair.key as Node),
        message: `Invalid label key "${e.key}": ${kp}.` });
      const v = e.value;
      if (isScalar(v) && typeof v.value === 'string') {
        const vp = labelValueProblem(v.value);
        if (vp) out.push({ id: 'invalid-label-value', severity: 'error', file: obj.file, span: src.span(v),
          message: `Invalid label value "${v.value}": ${vp}.` });
      } else if (isScalar(v) && v.value !== null) {
        out.push({ id: 'wrong-type', severity: 'error', file: obj.file, span: src.span(v),
          message: `The label value of "${e.key}" must be a string; quote it: "${String(v.value)}".` });
      }
    }
  }
  return out;
}
