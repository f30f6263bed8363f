// redundant-rule: a rule whose every peer and port another rule of the same policy and
// direction already admits. Conservative: reported only when provable from the text (equal
// peers after normalization, ports inside the other rule's ports), never from the workspace.
import type { Direction, Finding, LabelSelector, Peer, Policy, PolicyPort, Rule } from '../types';
import { DIRECTIONS, finding, memo, type Check } from './context';

/** Rules per direction beyond which the pairwise comparison is skipped (hostile input). */
const MAX_RULES = 256;

function selectorKey(sel: LabelSelector | undefined): string {
  if (!sel) return '';
  const labels = sel.matchLabels.map(([k, v]) => `${k}=${v}`).sort();
  const exprs = sel.matchExpressions.map((e) => `${e.key} ${e.operator} ${[...new Set(e.values)].sort().join(',')}`).sort();
  return JSON.stringify([[...new Set(labels)], [...new Set(exprs)]]);
}

/** A peer as a string equal for peers that admit the same (order of labels aside); undefined when invalid. */
function peerKeyOf(p: Peer): string | undefined {
  if (p.kind === 'invalid') return undefined;
  if (p.kind === 'ipBlock') return p.invalid || !p.cidr ? undefined : `ip ${p.cidr.text} ${p.except.map((e) => e.text).sort().join(',')}`;
  if (p.podSelector?.invalid || p.namespaceSelector?.invalid) return undefined;
  // A missing podSelector next to a namespaceSelector means every pod: the same as `{}`.
  return `pods ${selectorKey(p.podSelector ?? { matchLabels: [], matchExpressions: [], span: p.span, invalid: false })} ${selectorKey(p.namespaceSelector)}`;
}

/** Whether port item `a` admits everything port item `b` does. */
function portCovers(a: PolicyPort, b: PolicyPort): boolean {
  if (a.invalid || b.invalid || a.protocol !== b.protocol) return false;
  if (a.port === undefined) return true; // every port of the protocol
  if (typeof a.port === 'number' && typeof b.port === 'number') return a.port <= b.port && (a.endPort ?? a.port) >= (b.endPort ?? b.port);
  return typeof a.port === 'string' && a.port === b.port;
}

interface RuleKeys { rule: Rule; peers?: (string | undefined)[] }

/** Whether rule `a` provably admits everything rule `b` does: peers and ports both covered. */
function covers(a: RuleKeys, b: RuleKeys): boolean {
  if (a.peers) {
    if (!b.peers) return false;
    if (!b.peers.every((kb) => kb !== undefined && a.peers!.includes(kb))) return false;
  }
  const pa = a.rule.ports, pb = b.rule.ports;
  if (!pa) return true;
  return !!pb && pb.every((x) => pa.some((y) => portCovers(y, x)));
}

/** Pairs [direction, covered rule, covering rule] of one policy: text only, so kept per policy object. */
const pairsOf = new WeakMap<Policy, [Direction, Rule, Rule][]>();

function redundantPairs(p: Policy): [Direction, Rule, Rule][] {
  return memo(pairsOf, p, () => {
    const out: [Direction, Rule, Rule][] = [];
    for (const dir of DIRECTIONS) {
      const rules = p[dir];
      if (rules.length < 2 || rules.length > MAX_RULES) continue;
      const keys: RuleKeys[] = rules.map((rule) => ({ rule, peers: rule.peers?.map(peerKeyOf) }));
      for (const b of keys) {
        // Of two rules that cover each other (duplicates), the later one is reported.
        const a = keys.find((o) => o !== b && covers(o, b) && (o.rule.index < b.rule.index || !covers(b, o)));
        if (a) out.push([dir, b.rule, a.rule]);
      }
    }
    return out;
  });
}

/** A rule that another rule of the same policy already covers. */
export const redundantRule: Check = {
  id: 'redundant-rule',
  severity: 'information',
  summary: 'Another rule of the same policy already allows everything this one does.',
  example: 'ingress: [{}, {from: [...]}]',
  run(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.policies) {
      for (const [dir, b, a] of redundantPairs(p)) {
        out.push(finding(ctx, this, b.span,
          `${dir}[${a.index}] already allows every ${dir === 'ingress' ? 'source' : 'destination'} and port this rule allows, so this rule changes nothing; ` +
            `it can be removed.`,
          { related: [{ file: ctx.file, span: a.span, message: `${dir}[${a.index}], which covers it` }] }));
      }
    }
    return out;
  },
};
