// IPv4/IPv6 addresses, CIDR blocks and sets of address ranges (as bigints). Pure.
import type { Cidr, IpAddress } from './types';

const V4_MAX = (1n << 32n) - 1n;
const V6_MAX = (1n << 128n) - 1n;

/** The largest address of a family. */
export function familyMax(family: 4 | 6): bigint {
  return family === 4 ? V4_MAX : V6_MAX;
}

/** Parses a dotted IPv4 or an IPv6 address; undefined when malformed. */
export function parseIp(text: string): IpAddress | undefined {
  return text.includes(':') ? parseV6(text) : parseV4(text);
}

function parseV4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return { family: 4, value: v };
}

function parseV6(text: string): IpAddress | undefined {
  let s = text;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
    const v4 = parseV4(s.slice(lastColon + 1));
    if (!v4) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(v4.value >> 16n).toString(16)}:${(v4.value & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const total = head.length + rest.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const all = [...head, ...Array<string>(8 - total).fill('0'), ...rest];
  let v = 0n;
  for (const g of all) v = (v << 16n) | BigInt(parseInt(g, 16));
  return { family: 6, value: v };
}

/** Parses `addr/len`; the address is masked to its network. Undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const ip = parseIp(m[1]!);
  if (!ip) return undefined;
  const len = Number(m[2]);
  const bits = ip.family === 4 ? 32 : 128;
  if (len > bits) return undefined;
  const hostBits = BigInt(bits - len);
  const first = (ip.value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  return { family: ip.family, first, last, text: text.trim() };
}

/** The prefix length of a CIDR. */
export function prefixLength(c: Cidr): number {
  const size = c.last - c.first + 1n;
  return (c.family === 4 ? 32 : 128) - (size.toString(2).length - 1);
}

/** Formats an address: dotted IPv4, RFC 5952 IPv6. */
export function formatIp(family: 4 | 6, v: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  // Compress the longest run of two or more zero groups.
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** An inclusive range of addresses of one family. */
export interface IpRange {
  family: 4 | 6;
  first: bigint;
  last: bigint;
}

/** Formats a range as `first-last`. */
export function formatRange(r: IpRange): string {
  return `${formatIp(r.family, r.first)}-${formatIp(r.family, r.last)}`;
}

/**
 * A range as people read it, the one name every output uses: a CIDR when it is exactly one,
 * else `first-last`; the whole address space is `0.0.0.0/0 (anywhere)` (`::/0 (anywhere)`).
 */
export function rangeName(r: IpRange): string {
  const size = r.last - r.first + 1n;
  const bits = r.family === 4 ? 32 : 128;
  const isPow2 = (size & (size - 1n)) === 0n;
  if (isPow2 && r.first % size === 0n) {
    const len = bits - (size.toString(2).length - 1);
    const text = `${formatIp(r.family, r.first)}/${len}`;
    return len === 0 ? `${text} (anywhere)` : text;
  }
  return formatRange(r);
}

/** Whether an address lies in a CIDR minus its excepts. */
export function inBlock(ip: IpAddress, cidr: Cidr, except: readonly Cidr[]): boolean {
  if (ip.family !== cidr.family || ip.value < cidr.first || ip.value > cidr.last) return false;
  return !except.some((e) => e.family === ip.family && ip.value >= e.first && ip.value <= e.last);
}

/** The ranges a CIDR minus its excepts covers, sorted and disjoint. */
export function blockRanges(cidr: Cidr, except: readonly Cidr[]): IpRange[] {
  let out: IpRange[] = [{ family: cidr.family, first: cidr.first, last: cidr.last }];
  for (const e of except) {
    if (e.family !== cidr.family) continue;
    const next: IpRange[] = [];
    for (const r of out) {
      if (e.last < r.first || e.first > r.last) { next.push(r); continue; }
      if (e.first > r.first) next.push({ family: r.family, first: r.first, last: e.first - 1n });
      if (e.last < r.last) next.push({ family: r.family, first: e.last + 1n, last: r.last });
    }
    out = next;
  }
  return out;
}

/** Whether `inner` lies inside `outer`, in its family, and is smaller: what an `except` must be. */
export function isStrictSubset(inner: Cidr, outer: Cidr): boolean {
  return inner.family === outer.family && inner.first >= outer.first && inner.last <= outer.last && prefixLength(inner) > prefixLength(outer);
}
