// Policy hygiene: no namespace, duplicate names, rules another rule already covers, and rules
// that allow everything.
import type { Direction, Finding, Peer, Policy, PolicyPort, Rule } from '../types';
import { finding, type CheckContext } from './context';

/** policy-without-namespace, duplicate-policy-name, redundant-rule, allows-everything. */
export function hygieneChecks(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  // Policies by namespace/name, built once: a file of 2,000 policies must not compare all pairs.
  const byName = new Map<string, Policy[]>();
  for (const q of ctx.s.policies) {
    if (!q.name) continue;
    const key = `${q.namespace}/${q.name}`;
    const list = byName.get(key);
    if (list) list.push(q); else byName.set(key, [q]);
  }
  for (const p of ctx.policies) {
    if (!p.namespaceExplicit) {
      out.push(finding(ctx, 'policy-without-namespace', 'information', p.nameSpan ?? p.span,
        `metadata.namespace is not set: this policy lands in "${p.namespace}" (the namespace kubectl uses, netpolLens.defaultNamespace here), and selects pods there only.`));
    }
    const twin = byName.get(`${p.namespace}/${p.name}`)?.find((q) => q !== p);
    if (twin) {
      out.push(finding(ctx, 'duplicate-policy-name', 'warning', p.nameSpan ?? p.span,
        `Another policy in namespace ${p.namespace} is also named "${p.name}": applying both, the later one replaces the earlier.`,
        { related: [{ file: twin.file, span: twin.nameSpan ?? twin.span, message: 'the other policy with this name' }] }));
    }
    for (const dir of ['ingress', 'egress'] as Direction[]) {
      const rules = p[dir];
      for (const r of rules) {
        if (!r.peers && !r.ports) {
          out.push(finding(ctx, 'allows-everything', 'information', r.span,
            `This rule has no ${dir === 'ingress' ? 'from' : 'to'} and no ports: it allows all ${dir} traffic of the selected pods.`));
        }
        const cover = rules.find((o) => o !== r && covers(o, r) && (!covers(r, o) || o.index < r.index));
        if (cover) {
          out.push(finding(ctx, 'redundant-rule', 'information', r.span,
            `${dir}[${cover.index}] already allows everything this rule does; it can be removed.`,
            { related: [{ file: ctx.file, span: cover.span, message: `${dir}[${cover.index}]` }] }));
        }
      }
    }
  }
  return out;
}

/** Whether rule `a` provably admits everything rule `b` does (same peers and ports, or wider). */
function covers(a: Rule, b: Rule): boolean {
  const peersCovered = !a.peers || (!!b.peers && b.peers.every((pb) => a.peers!.some((pa) => samePeer(pa, pb))));
  const portsCovered = !a.ports || (!!b.ports && b.ports.every((pb) => a.ports!.some((pa) => samePort(pa, pb))));
  return peersCovered && portsCovered;
}

function samePeer(a: Peer, b: Peer): boolean {
  return key(a) === key(b) && a.kind !== 'invalid';
}

function samePort(a: PolicyPort, b: PolicyPort): boolean {
  if (a.invalid || b.invalid || a.protocol !== b.protocol) return false;
  if (a.port === undefined) return true;
  if (typeof a.port === 'number' && typeof b.port === 'number') return a.port <= b.port && (a.endPort ?? a.port) >= (b.endPort ?? b.port);
  return a.port === b.port && a.endPort === b.endPort;
}

/** A peer without spans, as a comparable string. */
function key(p: Peer): string {
  return JSON.stringify(p, (k, v) => (k === 'span' ? undefined : typeof v === 'bigint' ? v.toString() : v));
}
