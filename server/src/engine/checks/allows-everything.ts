// allows-everything: a rule with no peers and no ports (`ingress: [{}]`) admits all traffic
// in its direction; often meant, so said as information.
import type { Finding } from '../types';
import { finding, isolatingRules, peerKey, type Check } from './context';

/** A rule that allows all traffic of its direction. */
export const allowsEverything: Check = {
  id: 'allows-everything',
  severity: 'information',
  summary: 'A rule with no peers and no ports allows all traffic in its direction.',
  example: 'ingress: [{}]',
  run(ctx) {
    const out: Finding[] = [];
    for (const { dir, rule } of isolatingRules(ctx)) {
      if (rule.peers || rule.ports) continue;
      const what = dir === 'ingress' ? 'all ingress traffic to the selected pods, from every pod and every address, on every port'
        : 'all egress traffic of the selected pods, to every pod and every address, on every port';
      out.push(finding(ctx, this, rule.span, `This rule has no ${peerKey(dir)} and no ports: it allows ${what}.`));
    }
    return out;
  },
};
