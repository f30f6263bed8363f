// Parses the command line into a command, paths and options; bad usage throws UsageError (exit 2).
import { CLUSTER_HELP, CLUSTER_OPTIONS, setClusterOption, usesCluster, type ClusterArgs } from './cluster-args';

/** A usage mistake: printed as one line with a hint, exit code 2. */
export class UsageError extends Error {}

/** The parsed command line. */
export interface CliArgs extends ClusterArgs {
  command: 'flows' | 'explain' | 'check' | 'snapshot' | 'diff' | 'exposure' | 'help' | 'version';
  paths: string[];
  format: 'text' | 'json' | 'sarif' | 'md';
  /** `diff --base REF`: the working tree against this git revision. */
  base?: string;
  /** `diff --exit-code`: exit 1 when anything changed. */
  exitCode?: boolean;
  namespace?: string;
  workload?: string;
  from?: string;
  to?: string;
  port?: string;
  defaultNamespace?: string;
  maxFileSize?: number;
  /** `flows --group namespace`: one row per namespace pair. */
  group?: 'namespace';
  color: boolean;
  /** Render Helm charts and kustomizations (default); `--no-render` reads every file raw. */
  render: boolean;
  helm?: string;
  kubectl?: string;
  /** Targets chosen among alternative overlays (`--target PATH`, repeatable). */
  targets: string[];
  /** Time limit of one render, in seconds. */
  renderTimeout?: number;
}

const VALUE_OPTIONS = new Set([
  '--render-timeout', '--helm', '--kubectl', '--target', '--format', '--namespace', '--workload', '--from', '--to', '--port',
  '--default-namespace', '--max-file-size', '--group', '--base', ...CLUSTER_OPTIONS,
]);
const FORMATS: Record<string, CliArgs['format'][]> = {
  flows: ['text', 'json'], explain: ['text', 'json'], check: ['text', 'json', 'sarif'], snapshot: ['text'], diff: ['text', 'md', 'json'],
  exposure: ['text', 'json'],
};

/** Parses argv (without node and script). `env` supplies NO_COLOR; `isTty` whether stdout is a terminal. */
export function parseArgs(argv: string[], env: Record<string, string | undefined>, isTty: boolean): CliArgs {
  const args: CliArgs = { command: 'help', paths: [], format: 'text', render: true, targets: [], color: isTty && !('NO_COLOR' in env && env.NO_COLOR !== '') };
  let i = 0;
  const first = argv[0];
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') return args;
  if (first === '--version' || first === '-V') return { ...args, command: 'version' };
  if (!Object.hasOwn(FORMATS, first)) throw new UsageError(`unknown command "${first}" (expected flows, explain, check, snapshot, diff or exposure)`);
  args.command = first as CliArgs['command'];
  i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i] === '-o' ? '--output' : argv[i]!;
    if (a === '--') { args.paths = args.paths.concat(argv.slice(i + 1)); break; }
    if (a === '-h' || a === '--help') return { ...args, command: 'help' };
    if (a === '--no-color') { args.color = false; continue; }
    if (a === '--color') { args.color = true; continue; }
    if (a === '--no-render') { args.render = false; continue; }
    if (a === '--exit-code' && args.command === 'diff') { args.exitCode = true; continue; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option ${name}`);
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      setOption(args, name, value);
      continue;
    }
    if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    args.paths.push(a);
  }
  if (args.command === 'snapshot' && args.paths.length > 0) throw new UsageError('snapshot reads the cluster only; it takes no PATH');
  // With a cluster and no PATH, the cluster alone is analyzed.
  if (args.command === 'diff') checkDiffArgs(args);
  if (args.paths.length === 0 && !usesCluster(args)) args.paths.push('.');
  if (!FORMATS[args.command]!.includes(args.format)) throw new UsageError(
    `--format ${args.format} is not available for ${args.command} (use ${FORMATS[args.command]!.join(', ')})`);
  if (args.base !== undefined && args.command !== 'diff') throw new UsageError('--base is only for diff');
  if (args.group && args.command !== 'flows') throw new UsageError('--group is only for flows');
  if (args.command === 'explain' && (!args.from || !args.to)) throw new UsageError('explain needs --from NS/NAME and --to NS/NAME|IP|CIDR');
  return args;
}

/** `diff OLD NEW`, or `diff --base REF [PATH...]`; files only (no cluster). */
function checkDiffArgs(args: CliArgs): void {
  if (usesCluster(args)) throw new UsageError('diff compares files; it does not read a cluster');
  if (args.base === undefined && args.paths.length !== 2) throw new UsageError('diff needs OLD and NEW (two files or folders), or --base REF [PATH...]');
}

function setOption(args: CliArgs, name: string, value: string): void {
  switch (name) {
    case '--format':
      if (value !== 'text' && value !== 'json' && value !== 'sarif' && value !== 'md') throw new UsageError(
        `--format must be text, json, sarif or md, not "${value}"`);
      args.format = value;
      break;
    case '--namespace': args.namespace = value; break;
    case '--base': args.base = value; break;
    case '--workload': args.workload = value; break;
    case '--from': args.from = value; break;
    case '--to': args.to = value; break;
    case '--port': args.port = value; break;
    case '--default-namespace': args.defaultNamespace = value; break;
    case '--helm': args.helm = value; break;
    case '--kubectl': args.kubectl = value; break;
    case '--target': args.targets.push(value); break;
    case '--render-timeout': {
      const n = Number(value);
      if (!(n > 0)) throw new UsageError(`--render-timeout must be a positive number of seconds, not "${value}"`);
      args.renderTimeout = n;
      break;
    }
    case '--group':
      if (value !== 'namespace') throw new UsageError(`--group must be namespace, not "${value}"`);
      args.group = value;
      break;
    case '--max-file-size': {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--max-file-size must be a positive number of bytes, not "${value}"`);
      args.maxFileSize = n;
      break;
    }
    default: setClusterOption(args, name, value);
  }
}

/** The help text. */
export const HELP = `netpol-lens: what your Kubernetes NetworkPolicies allow, from the manifests alone

Usage:
  netpol-lens flows   [PATH...] [--format text|json] [--namespace NS] [--workload NAME|NS/NAME] [--group namespace]
  netpol-lens explain [PATH...] --from NS/NAME|IP --to NS/NAME|IP|CIDR [--port PORT[/TCP|UDP|SCTP]] [--format text|json]
  netpol-lens check   [PATH...] [--format text|json|sarif]
  netpol-lens snapshot [--kube-context NAME] [--kubeconfig FILE] [-o FILE]
  netpol-lens diff    OLD NEW | --base REF [PATH...] [--format text|md|json] [--exit-code]
  netpol-lens exposure [PATH...] [--format text|json]

PATH is a file or a folder searched for .yaml, .yml and .json manifests (default: .).
In a folder, Helm charts (a Chart.yaml) and root kustomizations are rendered with your own helm
and kubectl (or kustomize) and their objects analyzed; .netpol-lens.yaml may list the targets.
A folder's .netpol-lens.yaml (external: namespaces, workloads) declares what runs elsewhere.
A workload is NS/NAME, or NS/KIND/NAME when two kinds share a name; add @FILE
(NS/NAME@path/to/file.yaml) to pick the one defined in that file when several files define it.
With --kube-context or --kubeconfig, the cluster's objects join the files (no PATH: the cluster
alone). snapshot writes them as one manifest file that every command reads.

Options:
  --default-namespace NS   namespace of objects that name none (default: default)
  --max-file-size BYTES    skip larger files, saying so on stderr (default: 8388608, 8 MiB)
  --helm FILE              the helm binary (default: helm on PATH)
  --kubectl FILE           the kubectl (or kustomize) binary for kustomizations (default: PATH)
  --target PATH            analyze this target among alternative overlays of one base
  --render-timeout SECONDS stop a render that takes longer (default: 60)
  --no-render              read every file raw, rendering nothing (templates are skipped)
  --group namespace        flows: one row per namespace pair (NS/* -> NS/*, and per external range)
                           with the set every pair of it allows, or "varies: N of M pairs allow
                           something" when the pairs differ (list them with --namespace)
${CLUSTER_HELP.trimEnd()}
  --base REF               diff: compare the working tree's PATHs with git revision REF
  --exit-code              diff: exit 1 when anything changed (as git diff --exit-code)
  --no-color               plain output (also when NO_COLOR is set or output is not a terminal)
  -h, --help               this help
  -V, --version            the version

Exit codes:
  flows    0
  explain  0 when the connection is allowed, 1 when it is denied
  check    0 when no error is found, 1 when one is, 2 when a file, target or cluster resource could not be read
  snapshot 0, 2 when a cluster resource could not be read (it is left out)
  diff     0; with --exit-code, 1 when a flow or a workload changed
  exposure 0
  all      2 on bad usage, a path that does not exist, or a cluster that cannot be read
`;
