// Reads what a user types for one side of a connection (`ns/name`, `ns/kind/name`, an IP) and
// for a port (`5432`, `5432/UDP`, a named port of the destination), for `explain` in the
// command line and in the editor alike. Errors are messages, never exceptions.
import { parseIp } from './ip';
import type { Endpoint } from './connectivity';
import type { Snapshot } from './snapshot';
import type { Protocol, Workload } from './types';

/** An endpoint, or why the text names none. */
export type EndpointRef = { endpoint: Endpoint } | { error: string };

/**
 * The endpoint a text names. A pod IP the manifests know (`status.podIP`) is that pod, not an
 * address outside the cluster: its policies apply. `NS/NAME@FILE` (or `NS/KIND/NAME@FILE`) picks
 * the workload defined in FILE when several share the name; `displayFile` is how files are shown.
 */
export function resolveEndpoint(s: Snapshot, ref: string, displayFile: (file: string) => string = (f) => f): EndpointRef {
  const text = ref.trim();
  const ip = parseIp(text);
  if (ip) {
    const ws = s.workloadsWithIp(ip);
    if (ws.length > 1) return { error: `${text} is the IP of ${ws.length} ` +
      `workloads (${ws.slice(0, 4).map((w) => `${w.namespace}/${w.name}`).join(', ')}${ws.length > 4 ? ', ...' : ''}): name one` };
    return { endpoint: ws.length === 1 ? { workload: ws[0]!, ip } : { ip } };
  }
  // Kubernetes names never hold '@': what follows the last one is a file.
  const at = text.lastIndexOf('@');
  const name = at >= 0 ? text.slice(0, at) : text;
  const named = s.findWorkloads(name);
  const found = at >= 0 ? named.filter((w) => sameFile(w.file, displayFile(w.file), text.slice(at + 1))) : named;
  if (found.length === 1) return { endpoint: { workload: found[0]! } };
  const choice = (w: Workload) => `${w.namespace}/${w.kind.toLowerCase()}/${w.name}@${displayFile(w.file)}`;
  if (found.length > 1) {
    const files = new Set(found.map((w) => w.file));
    const how = files.size === found.length ? 'add @FILE to pick one' : 'some are in one file: name them apart by kind, or edit the manifests';
    return { error: `${text} is ambiguous (${how}): ${found.map(choice).join(', ')}` };
  }
  if (named.length > 0) return { error: `${text}: ${name} is not defined in ${text.slice(at + 1)} (it is ` +
    `in ${[...new Set(named.map((w) => displayFile(w.file)))].join(', ')})` };
  const near = s.workloads.filter((w) => name.endsWith(`/${w.name}`) || w.name === name).map((w) => `${w.namespace}/${w.name}`);
  return { error: `${text}: no such workload${near.length ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}` };
}

/** Whether a typed file names a workload's file: as shown, as stored, or as its trailing path. */
function sameFile(file: string, shown: string, typed: string): boolean {
  const t = typed.replace(/^\.\//, '');
  return t !== '' && (t === shown || t === file || file.endsWith(`/${t}`));
}

/** A port on one protocol, or why the text is not one. */
export type PortRef = { port: { protocol: Protocol; port: number } } | { error: string };

/**
 * A port typed as `PORT` or `PORT/PROTOCOL` (TCP by default). A name resolves on the
 * destination, as a named port in a policy does. A text that is not a port is an error, never
 * "every port": that would widen the answer.
 */
export function parsePortRef(text: string, to: Endpoint): PortRef {
  const m = /^([A-Za-z0-9-]+)(?:\/(TCP|UDP|SCTP))?$/i.exec(text.trim());
  if (!m) return { error: `${text}: expected PORT or PORT/PROTOCOL, e.g. 5432/TCP` };
  const protocol = (m[2]?.toUpperCase() ?? 'TCP') as Protocol;
  if (/^\d+$/.test(m[1]!)) {
    const n = Number(m[1]);
    if (n < 1 || n > 65535) return { error: `${text}: port must be 1-65535` };
    return { port: { protocol, port: n } };
  }
  const cp = 'workload' in to ? to.workload.ports.find((p) => p.name === m[1] && p.protocol === protocol) : undefined;
  if (!cp) return { error: `${text}: the destination has no ${protocol} port named ${m[1]}` };
  return { port: { protocol, port: cp.port } };
}
