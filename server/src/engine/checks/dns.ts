// Egress isolation without DNS: a policy that isolates egress while nothing lets its pods
// reach DNS on UDP and TCP 53 silently breaks name resolution.
import { isSeq } from 'yaml';
import { egressAllowed, rulePorts } from '../connectivity';
import type { Finding, Fix, Policy, Protocol, Workload } from '../types';
import { finding, objectOf, type CheckContext } from './context';
import { appendMapKey, appendSeqItem } from './yaml-edits';

const DNS_LABEL: [string, string] = ['k8s-app', 'kube-dns'];

/** The lines of the DNS egress rule, relative to the item's dash column. */
export const DNS_RULE_LINES = [
  'to:',
  '  - namespaceSelector:',
  '      matchLabels:',
  '        kubernetes.io/metadata.name: kube-system',
  '    podSelector:',
  '      matchLabels:',
  '        k8s-app: kube-dns',
  'ports:',
  '  - protocol: UDP',
  '    port: 53',
  '  - protocol: TCP',
  '    port: 53',
];

/**
 * Which DNS protocols a workload may use. The answer depends only on the set of egress
 * policies that select it (and on the DNS servers), so it is computed once per such set.
 */
function dnsProtocols(ctx: CheckContext, w: Workload, dnsServers: Workload[], memo: Map<string, Set<Protocol>>): Set<Protocol> {
  const iso = ctx.s.isolation(w).egress;
  const key = iso.map((a) => a.policy.id).join(',');
  let out = memo.get(key);
  if (out) return out;
  out = new Set<Protocol>();
  for (const proto of ['UDP', 'TCP'] as Protocol[]) {
    if (dnsServers.length > 0) {
      if (dnsServers.some((d) => d !== w && egressAllowed(ctx.s, { workload: w }, { workload: d }).has(proto, 53))) out.add(proto);
    } else {
      // No DNS server in the workspace: an egress rule allowing port 53 to anything counts.
      const rules = iso.flatMap((a) => a.egress);
      if (rules.some((ra) => rulePorts(ra.rule, undefined).has(proto, 53) || (ra.rule.ports ?? []).some((p) => typeof p.port === 'string' && (ra.peers ?? []).some((x) => x.workloads.some((d) => rulePorts(ra.rule, d).has(proto, 53)))))) out.add(proto);
    }
  }
  memo.set(key, out);
  return out;
}

/** egress-without-dns and dns-one-protocol, with a fix adding the DNS rule to this policy. */
export function dnsChecks(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const dnsServers = ctx.s.workloads.filter((w) => w.labels.get(DNS_LABEL[0]) === DNS_LABEL[1]);
  const memo = new Map<string, Set<Protocol>>();
  for (const p of ctx.policies) {
    if (!p.isolates.egress) continue;
    const selected = ctx.s.analyze(p).selected;
    if (selected.length === 0) continue;
    let none = 0;
    let partial: Protocol | undefined;
    for (const w of selected) {
      const protos = dnsProtocols(ctx, w, dnsServers, memo);
      if (protos.size === 0) none++;
      else if (protos.size === 1) partial = [...protos][0];
    }
    const span = p.podSelector.span;
    if (none > 0) {
      out.push(finding(ctx, 'egress-without-dns', 'warning', span,
        `This policy isolates egress, and ${none === selected.length ? 'no selected pod' : `${none} of ${selected.length} selected pods`} may reach DNS (UDP and TCP 53${dnsServers.length ? ' on kube-dns' : ''}): name resolution will fail. Allow DNS egress.`,
        { fixes: dnsFix(ctx, p) }));
    } else if (partial) {
      out.push(finding(ctx, 'dns-one-protocol', 'warning', span,
        `DNS is allowed on ${partial} only. Resolvers fall back to ${partial === 'UDP' ? 'TCP' : 'UDP'} (large answers, truncation): allow both UDP and TCP 53.`));
    }
  }
  return out;
}

/** The fix inserting the DNS egress rule into a policy (creating `egress:` when missing). */
export function dnsFix(ctx: CheckContext, p: Policy): Fix[] | undefined {
  const obj = objectOf(ctx, p);
  if (!ctx.text || !obj) return undefined;
  const src = obj.src;
  const spec = src.getMap(obj.node, 'spec');
  if (!spec) return undefined;
  const egress = src.get(spec, 'egress');
  const title = 'Allow DNS egress (UDP and TCP 53 to kube-dns)';
  if (egress && isSeq(egress.value) && egress.value.items.length > 0) {
    const e = appendSeqItem(src, ctx.text, egress.value, DNS_RULE_LINES);
    return e ? [{ title, preferred: true, edits: [e] }] : undefined;
  }
  if (egress) return undefined; // `egress: []` or flow style: no safe minimal edit
  const e = appendMapKey(src, ctx.text, spec, 'egress', DNS_RULE_LINES.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
  return e ? [{ title, preferred: true, edits: [e] }] : undefined;
}

