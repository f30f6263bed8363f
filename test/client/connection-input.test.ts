// What Explain Connection… accepts as typed input (client/src/connection-input.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressInputError, portInputError } from '../../client/src/connection-input';

test('ports: PORT or PORT/PROTO between 1 and 65535, or empty for every port', () => {
  for (const ok of ['', '5432', '53/UDP', '9090/tcp', '1', '65535', ' 80 ', 'http', 'dns/UDP']) assert.equal(portInputError(ok), undefined, ok);
  for (const bad of ['0', '65536', '80/ICMP', '80-90', '-1', '5432/', 'http/ICMP', '--']) assert.ok(portInputError(bad), bad);
});

test('addresses: IPv4, IPv6 and CIDRs', () => {
  for (const ok of ['10.0.0.1', '192.168.0.0/16', '2001:db8::1', '::/0']) assert.equal(addressInputError(ok), undefined, ok);
  for (const bad of ['', 'shop/backend', '10.0.0', '10.0.0.1/33', '10.0.0.1/8/1', '::1/129']) assert.ok(addressInputError(bad), bad);
});
