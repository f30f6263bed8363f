// A throwaway certificate authority and a server certificate for 127.0.0.1, made by `openssl`
// in a temp folder: kubectl and client-node send bearer tokens only over TLS.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PEM texts of the CA and the server's certificate and key; `caFile` is the CA on disk. */
export interface FakeTls {
  ca: string;
  cert: string;
  key: string;
  caFile: string;
}

/** Makes a CA and a server certificate valid for IP 127.0.0.1 (a day long) in `dir`. */
export function makeTls(dir: string): FakeTls {
  const p = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl('req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '1', '-subj', '/CN=netpol-lens-test-ca');
  ssl('req', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(p('server.ext'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  ssl('x509', '-req', '-in', p('server.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('server.crt'), '-days', '1', '-extfile',
    p('server.ext'));
  return { ca: readFileSync(p('ca.crt'), 'utf8'), cert: readFileSync(p('server.crt'), 'utf8'), key: readFileSync(p('server.key'), 'utf8'),
    caFile: p('ca.crt') };
}
