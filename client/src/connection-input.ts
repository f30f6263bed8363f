// Validation of what Explain Connection… lets a person type: a port (PORT or PORT/PROTO) and
// an address outside the cluster. Pure, so it is unit-tested without VS Code.
import { isIP } from 'node:net';

const PORT = /^([A-Za-z0-9-]+)(?:\/(TCP|UDP|SCTP))?$/i;

/**
 * Why a port input is not valid, or undefined when it is (empty means every port). A name
 * (`http`, `dns/UDP`) is a named port of the destination, resolved by the server.
 */
export function portInputError(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  const m = PORT.exec(v);
  if (!m) return 'A port number or name, optionally with a protocol: 5432, 53/UDP, http';
  if (!/^\d+$/.test(m[1]!)) return /[a-z]/i.test(m[1]!) ? undefined : 'A port is a number from 1 to 65535 or a port name';
  const n = Number(m[1]);
  return n >= 1 && n <= 65535 ? undefined : 'A port is between 1 and 65535';
}

/** Why an address input is not valid, or undefined: an IPv4 or IPv6 address, or a CIDR. */
export function addressInputError(value: string): string | undefined {
  const [ip, prefix, ...rest] = value.trim().split('/');
  const family = isIP(ip ?? '');
  if (family === 0 || rest.length > 0) return 'An IP address or a CIDR: 10.0.0.1, 192.168.0.0/16, 2001:db8::1';
  if (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)))
    return `A prefix length is 0 to ${family === 4 ? 32 : 128}`;
  return undefined;
}
