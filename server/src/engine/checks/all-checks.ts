// The semantic checks in the order they run and are listed; one file per check id.
import type { Check } from './context';
import { policySelectsNothing } from './policy-selects-nothing';
import { peerMatchesNothing } from './peer-matches-nothing';
import { namespaceSelectorMatchesNothing } from './namespace-selector-matches-nothing';
import { andOrTrap } from './and-or-trap';
import { egressWithoutDns } from './egress-without-dns';
import { dnsOneProtocol } from './dns-one-protocol';
import { egressRulesIgnored } from './egress-rules-ignored';
import { ingressRulesIgnored } from './ingress-rules-ignored';
import { namedPortUnresolved } from './named-port-unresolved';
import { namedPortAmbiguous } from './named-port-ambiguous';
import { namedPortToIpblock } from './named-port-to-ipblock';
import { hostNetworkSelected } from './host-network-selected';
import { policyWithoutNamespace } from './policy-without-namespace';
import { duplicatePolicyName } from './duplicate-policy-name';
import { redundantRule } from './redundant-rule';
import { allowsEverything } from './allows-everything';
import { exposedToAnyNamespace } from './exposed-to-any-namespace';

/** Every semantic check. */
export const CHECKS: readonly Check[] = [
  policySelectsNothing, peerMatchesNothing, namespaceSelectorMatchesNothing, andOrTrap,
  egressWithoutDns, dnsOneProtocol, egressRulesIgnored, ingressRulesIgnored,
  namedPortUnresolved, namedPortAmbiguous, namedPortToIpblock, hostNetworkSelected,
  policyWithoutNamespace, duplicatePolicyName, redundantRule, allowsEverything,
];

/** Checks that run only when enabled (`semanticFindings`' `optIn`); their findings are not cached. */
export const OPT_IN_CHECKS: readonly Check[] = [exposedToAnyNamespace];
