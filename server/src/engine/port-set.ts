// Sets of (protocol, port) as sorted disjoint ranges per protocol. Immutable and pure.
import { PROTOCOLS, type Protocol } from './types';

type Ranges = readonly (readonly [number, number])[];

/** The JSON form of a port set in `flows` output. */
export type PortSetJson = 'all' | { protocol: Protocol; ports: [number, number][] }[];

/** A set of ports per protocol; the unit in which the engine says what is allowed. */
export class PortSet {
  private constructor(private readonly r: Readonly<Record<Protocol, Ranges>>) {}

  static readonly EMPTY = new PortSet({ TCP: [], UDP: [], SCTP: [] });
  static readonly ALL = new PortSet({ TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] });

  /** Ports lo..hi of one protocol. */
  static of(protocol: Protocol, lo = 1, hi = 65535): PortSet {
    const r: Record<Protocol, Ranges> = { TCP: [], UDP: [], SCTP: [] };
    if (lo <= hi) r[protocol] = [[lo, hi]];
    return new PortSet(r);
  }

  /** The ranges of one protocol. */
  ranges(p: Protocol): Ranges {
    return this.r[p];
  }

  union(o: PortSet): PortSet {
    if (o.isEmpty() || this.isAll()) return this;
    if (this.isEmpty() || o.isAll()) return o;
    return new PortSet({ TCP: unionRanges(this.r.TCP, o.r.TCP), UDP: unionRanges(this.r.UDP, o.r.UDP), SCTP: unionRanges(this.r.SCTP, o.r.SCTP) });
  }

  intersect(o: PortSet): PortSet {
    if (this.isAll()) return o;
    if (o.isAll()) return this;
    return new PortSet({ TCP: intersectRanges(this.r.TCP, o.r.TCP), UDP: intersectRanges(this.r.UDP, o.r.UDP), SCTP: intersectRanges(this.r.SCTP, o.r.SCTP) });
  }

  isEmpty(): boolean {
    return this.r.TCP.length === 0 && this.r.UDP.length === 0 && this.r.SCTP.length === 0;
  }

  isAll(): boolean {
    return PROTOCOLS.every((p) => this.r[p].length === 1 && this.r[p][0]![0] === 1 && this.r[p][0]![1] === 65535);
  }

  has(protocol: Protocol, port: number): boolean {
    return this.r[protocol].some(([lo, hi]) => port >= lo && port <= hi);
  }

  equals(o: PortSet): boolean {
    return this.key() === o.key();
  }

  /** A canonical string for grouping equal sets. */
  key(): string {
    return PROTOCOLS.map((p) => this.r[p].map(([a, b]) => `${a}-${b}`).join(',')).join('|');
  }

  /** The `flows` JSON form: "all", or protocols with their port ranges. */
  toJSON(): PortSetJson {
    if (this.isAll()) return 'all';
    return PROTOCOLS.filter((p) => this.r[p].length > 0).map((p) => ({ protocol: p, ports: this.r[p].map(([a, b]) => [a, b] as [number, number]) }));
  }

  /** Human text: "all ports", "TCP 80, 8080-8090 · UDP 53", "TCP (all ports)". */
  describe(): string {
    if (this.isAll()) return 'all ports';
    if (this.isEmpty()) return 'nothing';
    return PROTOCOLS.filter((p) => this.r[p].length > 0)
      .map((p) => {
        const rs = this.r[p];
        if (rs.length === 1 && rs[0]![0] === 1 && rs[0]![1] === 65535) return `${p} (all ports)`;
        return `${p} ${rs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ')}`;
      })
      .join(' · ');
  }
}

function unionRanges(a: Ranges, b: Ranges): Ranges {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function intersectRanges(a: Ranges, b: Ranges): Ranges {
  const out: [number, number][] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++; else j++;
  }
  return out;
}
