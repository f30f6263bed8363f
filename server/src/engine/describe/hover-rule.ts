// Hover text for rules and their parts: the rule's sentence and what it admits here, and what
// policyTypes, ports, one port item, endPort and ipBlock mean in this policy, traps included.
import { rulePorts } from '../connectivity';
import { blockRanges, rangeName } from '../ip';
import { ruleAdmits } from '../rule-admits';
import type { Snapshot } from '../snapshot';
import type { Direction, Peer, Policy, PolicyPort, Rule, Workload } from '../types';
import { count, isInvalidPeer, joinAnd, namedPortDestinations, portPhrase, rulePhrase } from './phrases';
import { listWorkloads, MAX_LISTED, selectionText, type LinkFn } from './hover-selection';
import { togetherText } from './together';

const TYPE: Record<Direction, string> = { ingress: 'Ingress', egress: 'Egress' };

/** The rule's sentence, a warning when policyTypes makes it inert, and what it admits here. */
export function ruleText(s: Snapshot, policy: Policy, rule: Rule, link: LinkFn): string {
  const a = s.analyze(policy);
  const lines = [`**${rulePhrase(policy, rule, a)}.**`];
  if (!policy.isolates[rule.direction]) lines.push(`This rule has no effect: \`policyTypes\` does not include ${TYPE[rule.direction]}.`);
  const admits = ruleAdmits(s, policy, rule);
  const word = rule.direction === 'ingress' ? 'from' : 'to';
  // Every ports item or every peer invalid: the rule matches nothing (the sentence says why).
  if (rule.ports?.every((p) => p.invalid) || rule.peers?.every(isInvalidPeer)) {
    lines.push('In this workspace: nothing.');
  } else if (admits.workloads === 'all') {
    // No peers: every source or destination, but only on ports that resolve somewhere.
    const dests = rule.direction === 'ingress' ? a.selected : s.workloads;
    const numeric = !rulePorts(rule, undefined).isEmpty();
    const opens = numeric || dests.some((w) => !rulePorts(rule, w).isEmpty());
    if (!opens) lines.push(`In this workspace: nothing: its named ports resolve on no ${rule.direction === 'ingress' ? 'selected pod' : 'pod'}.`);
    else if (numeric || rule.direction === 'ingress') lines.push(`In this workspace: every workload and every address (the rule has no \`${word}\`).`);
    else {
      // Egress on named ports only: the destinations that have one, and no address.
      const reached = s.workloads.filter((w) => !a.selected.includes(w) || a.selected.length > 1).filter((w) => !rulePorts(rule, w).isEmpty());
      lines.push(`In this workspace: to ${count(reached.length, 'workload')} that ${reached.length === 1 ? 'has' : 'have'} the port.`);
      if (reached.length) lines.push(listWorkloads(reached, link, (w) => `: ${rulePorts(rule, w).describe()}`));
    }
  } else {
    // As in flows and the lens, the one selected workload is not its own peer.
    const others = admits.workloads.filter((x) => x.workload !== admits.self);
    const n = others.length;
    const ranges = admits.ranges.length ? ` and ${count(admits.ranges.length, 'address range')}` : '';
    lines.push(`In this workspace: ${word} ${count(n, 'workload')}${ranges}.`);
    // Ingress ports resolve on the selected pods (listed below); egress ports on each destination.
    const portsOf = new Map(others.map((x) => [x.workload, x.ports]));
    const list = listWorkloads(others.map((x) => x.workload), link, rule.direction === 'egress' ? (w) => `: ${portsOf.get(w)!.describe()}` : undefined);
    if (n) lines.push(list);
    if (admits.self) lines.push(`The selected workload ${admits.self.namespace}/${admits.self.name} matches too, but its traffic to itself is not a flow ` +
      `(not counted).`);
    // Ingress from an address: the ports are those of the selected pod it connects to.
    const depends = admits.dependsOnSelected ? ', depending on the selected pod (below)' : '';
    for (const r of admits.ranges.slice(0, MAX_LISTED)) lines.push(`- ${rangeName(r.range)}: ${r.ports.describe()}${depends}`);
    // Matched by a peer yet opened no port: not admitted, but worth naming (a likely mistake).
    if (admits.portless.length) {
      const why = rule.direction === 'ingress' ? 'no selected pod has its named ports'
        : 'a named port they lack, or reached only through an ipBlock, where named ports match nothing';
      lines.push(`Matched but opened no port (${why}): ${count(admits.portless.length, 'workload')}.\n\n${listWorkloads(admits.portless, link)}`);
    }
    if (admits.portlessRanges.length) lines.push(
      `The ipBlock ${admits.portlessRanges.length === 1 ? 'range gets' : 'ranges get'} no ` +
      `port: ${joinAnd(admits.portlessRanges.slice(0, MAX_LISTED).map(rangeName))} (a named port matches no address).`);
  }
  if (rule.direction === 'ingress' && rule.ports?.some((p) => typeof p.port === 'string') && admits.perSelected?.length) {
    lines.push(`Ports at each selected pod (named ports resolve ` +
      `there):\n${listWorkloads(admits.perSelected.map((x) => x.workload), link, (w) => `: ${rulePorts(rule, w).describe()}`)}`);
  }
  return lines.join('\n\n');
}

/** The whole policy: what it selects, then each rule's sentence per direction. */
export function policySummary(s: Snapshot, policy: Policy, lensTitle: string, link: LinkFn): string {
  const a = s.analyze(policy);
  const lines = [`**NetworkPolicy ${policy.namespace}/${policy.name}**: ${lensTitle}`, selectionText(s, policy, link)];
  if (!policy.policyTypesWritten) lines.push(`policyTypes is not set: it ${policyTypesDefault(policy)}.`);
  for (const dir of ['ingress', 'egress'] as Direction[]) {
    if (!policy.isolates[dir] && policy[dir].length === 0) continue;
    const head = policy.isolates[dir] ? `**${TYPE[dir]}** (isolated${policy[dir].length === 0 ? ': this policy has no rule, so it allows nothing itself' : ''})`
      : `**${TYPE[dir]}** (not in policyTypes: these rules do nothing)`;
    lines.push([head, ...policy[dir].map((r) => `- ${dir}[${r.index}]: ${rulePhrase(policy, r, a)}`)].join('\n'));
    if (policy.isolates[dir] && policy[dir].length === 0) lines.push(togetherText(s, policy, dir, link));
  }
  return lines.join('\n\n');
}

/** "defaults to Ingress + Egress, because an egress section is written" (policyTypes not set). */
function policyTypesDefault(policy: Policy): string {
  return policy.isolates.egress ? 'defaults to Ingress + Egress, because an egress section is written' : 'defaults to Ingress (no egress section is written)';
}

/**
 * policyTypes here: written or defaulted, and the traps (rules ignored). A direction isolated
 * with no rule of this policy allows nothing by this policy; what the pods may do is the union
 * of every policy selecting them, so that is listed too.
 */
export function policyTypesText(s: Snapshot, policy: Policy, link: LinkFn): string {
  const types = [policy.isolates.ingress ? 'Ingress' : '', policy.isolates.egress ? 'Egress' : ''].filter(Boolean).join(' + ') || 'nothing';
  const how = policy.policyTypesWritten
    ? 'Written here, so taken as is.'
    : `Not set: ${policyTypesDefault(policy)}.`;
  const lines = [`**policyTypes: ${types}.** ${how} A listed type isolates the selected pods in that direction: then only that direction's rules, in the ` +
    `policies that select them with that type, let traffic through.`];
  for (const dir of ['ingress', 'egress'] as Direction[]) {
    if (policy.isolates[dir] && policy[dir].length === 0) {
      lines.push(`**This policy has no ${dir} rule: it allows no ${dir} itself**; other policies selecting the same pods may.`);
      lines.push(togetherText(s, policy, dir, link));
    }
    if (!policy.isolates[dir] && policy[dir].length > 0) lines.push(`**The ${dir} rules do nothing**: ${TYPE[dir]} is not listed.`);
  }
  return lines.join('\n\n');
}

/** The `ports` list of a rule in words, with its defaults and traps. */
export function portsText(policy: Policy, rule: Rule): string {
  if (!rule.ports) return '**ports** is empty: the rule allows every port and protocol.';
  const items = rule.ports.map((p) => `- ${portPhrase(p)}`).join('\n');
  const notes = ['A connection must match one of these ports **and** one of the peers of the same rule.'];
  if (rule.ports.some((p) => !p.invalid && p.port !== undefined && p.protocol === 'TCP')) notes.push('`protocol` defaults to TCP.');
  if (rule.ports.some((p) => typeof p.port === 'string')) {
    notes.push(rule.direction === 'ingress'
      ? 'A named port resolves on each selected pod (its container port of that name and protocol); a pod without it accepts nothing through this item.'
      : 'A named port resolves on each destination pod; a pod without it is not reached, and towards an ipBlock it matches nothing.');
  }
  return `**ports** of ${rule.direction}[${rule.index}] in ${policy.namespace}/${policy.name}:\n${items}\n\n${notes.join(' ')}`;
}

/** One ports item: its protocol and port(s); a named port with what it resolves to on each destination. */
export function portItemText(s: Snapshot, policy: Policy, rule: Rule, p: PolicyPort, link: LinkFn): string {
  if (p.invalid) return `**${portPhrase(p)}**: the API server rejects this item (see the diagnostics).`;
  if (p.port === undefined) return `**${portPhrase(p)}**: no \`port\`, so every ${p.protocol} port.`;
  if (typeof p.port === 'number') {
    const n = p.endPort !== undefined ? p.endPort - p.port + 1 : 1;
    return `**${portPhrase(p)}**${n > 1 ? ` (${n} ports)` : ''}.`;
  }
  const dests = namedPortDestinations(rule, s.analyze(policy));
  if (!dests) return `**${portPhrase(p)}**: resolves on each destination pod that has a ${p.protocol} container port named ${p.port}.`;
  const one = { ...rule, ports: [p] };
  const resolved = dests.filter((w) => !rulePorts(one, w).isEmpty());
  const missing = dests.length - resolved.length;
  const where = rule.direction === 'ingress' ? 'selected workload' : 'destination workload';
  // Egress pods matched only by an ipBlock of this rule: a named port never resolves on them.
  const viaBlock = rule.direction === 'egress' ? blockOnly(s, policy, rule, dests) : 0;
  const blockNote = viaBlock ? ` ${count(viaBlock, 'workload')} reached only through an ipBlock ${viaBlock === 1 ? 'gets' : 'get'} nothing from it.` : '';
  const pods = rule.direction === 'ingress' ? 'selected pod' : `destination pod${rule.direction === 'egress' ? ' a pod or namespace selector reaches' : ''}`;
  return [`**${portPhrase(p)}** resolves on each ${pods}: in the workspace, ${count(resolved.length, where)} ${resolved.length === 1 ? 'has' : 'have'} ` +
    `it${missing ? `, ${missing} ${missing === 1 ? 'does' : 'do'} not (not reached through this item)` : ''}.${blockNote}`,
    listWorkloads(resolved, link, (w) => `: ${rulePorts(one, w).describe()}`)].filter(Boolean).join('\n\n');
}

/** The pods an egress rule's ipBlocks match that none of its selector peers reaches. */
function blockOnly(s: Snapshot, policy: Policy, rule: Rule, bySelector: readonly Workload[]): number {
  const peers = s.analyze(policy).egress[rule.index]?.peers ?? [];
  const reached = new Set(bySelector);
  const out = new Set<Workload>();
  for (const pa of peers) if (pa.peer.kind === 'ipBlock') for (const w of pa.workloads) if (!reached.has(w)) out.add(w);
  return out.size;
}

/** endPort here: the range, its rules and the CNI trap. */
export function endPortText(p: PolicyPort | undefined): string {
  const here = p && !p.invalid && typeof p.port === 'number' && p.endPort !== undefined ? ` Here: ${portPhrase(p)} (${p.endPort - p.port + 1} ports).` : '';
  return `**endPort**: the rule covers \`port\` to \`endPort\`, both included.${here} Only with a numeric \`port\` (not a named one) and endPort ≥ port. ` +
    `Needs Kubernetes 1.25+ and a CNI that supports it: a CNI without endPort support applies the rule to \`port\` alone.`;
}

/** ipBlock here: the ranges it covers, and what depends on the CNI. */
export function ipBlockText(peer: Peer, dir: Direction): string {
  const ranges = peer.kind === 'ipBlock' && !peer.invalid && peer.cidr ? blockRanges(peer.cidr, peer.except).map(rangeName) : [];
  const covers = ranges.length ? ` Here: ${joinAnd(ranges)}.` : '';
  const named = dir === 'egress' ? ' A named port never matches towards an ipBlock.'
    : ' Source addresses may be rewritten on the way (load balancers, NAT), so the address the pod sees is not always the client\'s.';
  return `**ipBlock** matches addresses in \`cidr\` minus every \`except\`.${covers} It is meant for traffic leaving or entering the cluster: whether it ` +
    `also matches pod IPs depends on your CNI (the engine matches pods whose \`status.podIP\` is known; templates have none).${named}`;
}
