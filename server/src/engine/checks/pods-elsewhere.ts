// How evidence of pods outside the workspace changes a finding that claims absence: what the user
// declared silences it; an operator's resource lowers it to a hint, a Service to information.
import type { PodEvidence } from '../extract-evidence';
import { PROJECT_CONFIG_FILE } from '../project-config';
import type { Severity } from '../types';

/** Where "no workload in the workspace" findings send the user when the pods run elsewhere. */
export const DECLARE_HINT = `If the pods are deployed from elsewhere (another repository, an operator), declare them under external.workloads ` +
  `in ${PROJECT_CONFIG_FILE}.`;

/** A finding about absence, given evidence of the pods elsewhere. */
export type Softened =
  /** The user declared the pods: no finding. */
  | { mute: true }
  /** A lower severity, and the sentence that says why. */
  | { mute: false; severity: Severity; because: string };

/**
 * What evidence does to a finding. An operator's resource makes the pods itself (hint); a Service
 * only expects pods with its labels, and can exist without any (information). `matches` names
 * what the evidence's pods match ("this peer"); `having` what they have besides (`with a TCP port named "web"`).
 */
export function soften(e: PodEvidence, ns: string, matches: string, having = ''): Softened {
  if (e.source === 'config') return { mute: true };
  const declare = `Declare them under external.workloads in ${PROJECT_CONFIG_FILE} to silence this.`;
  if (e.source === 'operator') {
    return { mute: false, severity: 'hint',
      because: `But ${e.what} in namespace ${ns} has its operator create ${e.pods ?? 'pods'}${having ? ` ${having}` : ''} that ${matches} matches: they run ` +
      `in the cluster, not in the workspace. ${declare}` };
  }
  const labels = e.labels.map(([k, v]) => `${k}=${v}`).join(', ');
  return { mute: false, severity: 'information',
    because: `But ${e.what} in namespace ${ns} selects pods labelled ${labels}${having ? ` ${having}` : ''}, which ${matches} matches: they likely run in ` +
    `the cluster, deployed from elsewhere. ${declare}` };
}
