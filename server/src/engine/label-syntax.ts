// Kubernetes name and label syntax (apimachinery validation), as predicates with reasons.

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Why a label key is invalid, or undefined when it is valid: `[prefix/]name`. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  let name = key;
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    name = key.slice(slash + 1);
    if (prefix.length === 0) return 'the prefix before "/" is empty';
    if (prefix.length > 253) return 'the prefix is longer than 253 characters';
    if (!DNS1123_SUBDOMAIN.test(prefix)) return `the prefix "${prefix}" is not a DNS subdomain (lowercase letters, digits, "-" and ".")`;
  }
  if (name.length === 0) return 'the name part is empty';
  if (name.length > 63) return 'the name part is longer than 63 characters';
  if (!QUALIFIED_NAME.test(name)) return 'the name part must start and end with a letter or digit, with only "-", "_" and "." inside';
  return undefined;
}

/** Why a label value is invalid, or undefined when it is valid (empty is valid). */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return 'it is longer than 63 characters';
  if (!QUALIFIED_NAME.test(value)) return 'it must start and end with a letter or digit, with only "-", "_" and "." inside';
  return undefined;
}

/** Why an object name is not a DNS subdomain, or undefined when it is. */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return 'it is longer than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(name)) return 'it must be lowercase letters, digits, "-" and ".", starting and ending with a letter or digit';
  return undefined;
}
