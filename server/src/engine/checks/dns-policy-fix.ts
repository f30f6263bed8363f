// The DNS fix for a policy with no egress rule (a deny-all, `default-deny-all`): a rule added
// to it would make it allow DNS, no longer deny all, so the rule goes in a new policy instead.
import { isEmptySelector } from '../label-selector';
import { isJsonDocument } from '../json-style';
import { appendDocument } from '../refactor/deny-all';
import { writeYaml, type YamlTree } from '../refactor/indent-style';
import type { Fix, LabelSelector, Policy } from '../types';
import { styleOf, type CheckContext } from './context';

/** A scalar as YAML: plain when it cannot be misread (as a number, boolean or null), else quoted. */
function scalar(v: string): string {
  return /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/.test(v) && !/^(true|false|null|yes|no|on|off|y|n|~|[-+]?[\d.][\d._e+-]*|0x[\da-f]+|0o[0-7]+)$/i.test(v)
    ? v : JSON.stringify(v);
}

/** A label selector as a tree, so the new policy selects exactly the pods the old one does. */
function selectorTree(sel: LabelSelector): YamlTree {
  if (isEmptySelector(sel)) return '{}';
  const entries: [string, YamlTree][] = [];
  if (sel.matchLabels.length) entries.push(['matchLabels', { map: sel.matchLabels.map(([k, v]) => [scalar(k), scalar(v)]) }]);
  if (sel.matchExpressions.length) {
    entries.push(['matchExpressions', {
      seq: sel.matchExpressions.map((e) => ({ map: [['key', scalar(e.key)], ['operator', e.operator], ...(e.values.length ? [['values',
        { seq: e.values.map(scalar) }] as [string, YamlTree]] : [])] })),
    }]);
  }
  return { map: entries };
}

/** `allow-dns`, else `allow-dns-2`...: a name no policy of the namespace has. */
function freeName(ctx: CheckContext, namespace: string): string {
  const taken = new Set(ctx.s.policies.filter((p) => p.namespace === namespace).map((p) => p.name));
  let name = 'allow-dns';
  for (let i = 2; taken.has(name); i++) name = `allow-dns-${i}`;
  return name;
}

/**
 * For a policy that isolates egress with no egress rule: a new policy at the end of the file,
 * selecting the same pods, allowing only the DNS rule. Undefined where no document can be
 * appended (a JSON file) or the selector is invalid.
 */
export function dnsPolicyFix(ctx: CheckContext, p: Policy, rule: YamlTree): Fix[] | undefined {
  const text = ctx.text;
  if (text === undefined || isJsonDocument(ctx.file, text) || p.podSelector.invalid) return undefined;
  const name = freeName(ctx, p.namespace);
  const metadata: [string, YamlTree][] = [['name', name]];
  // Without metadata.namespace the policy lands where this one does (the default namespace).
  if (p.namespaceExplicit) metadata.push(['namespace', scalar(p.namespace)]);
  const lines = writeYaml({
    map: [
      ['apiVersion', 'networking.k8s.io/v1'],
      ['kind', 'NetworkPolicy'],
      ['metadata', { map: metadata }],
      ['spec', { map: [['podSelector', selectorTree(p.podSelector)], ['policyTypes', { seq: ['Egress'] }], ['egress', { seq: [rule] }]] }],
    ],
  }, styleOf(ctx));
  return [{
    title: `Allow DNS egress in a new policy ${name} (UDP and TCP 53 to kube-dns; ${p.name} keeps denying the rest)`,
    preferred: true,
    edits: [appendDocument(ctx.file, text, lines, styleOf(ctx))],
  }];
}
