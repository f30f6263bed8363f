// `netpol-lens check`: findings as text, JSON or SARIF 2.1.0; exit 1 when an error is found.
import type { Finding } from '../engine/index';
import type { CliArgs } from './args';
import type { Loaded } from './load';
import type { Style } from './style';

const SEVERITY_ORDER = { error: 0, warning: 1, information: 2, hint: 3 } as const;

/** Runs `check` over the findings given; returns the exit code. */
export function runCheck(args: CliArgs, loaded: Loaded, findings: Finding[], style: Style, out: (s: string) => void): number {
  const sorted = [...findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]));
  if (args.format === 'json') out(JSON.stringify({ findings: sorted.map((f) => findingJson(loaded, f)), summary: summary(sorted) }, null, 2) + '\n');
  else if (args.format === 'sarif') out(JSON.stringify(sarif(loaded, sorted), null, 2) + '\n');
  else out(checkText(loaded, style, sorted));
  return sorted.some((f) => f.severity === 'error') ? 1 : 0;
}

function summary(findings: Finding[]): Record<string, number> {
  const s = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) s[f.severity]++;
  return s;
}

function findingJson(loaded: Loaded, f: Finding): unknown {
  const start = loaded.position(f.file, f.span.start);
  const end = loaded.position(f.file, f.span.end);
  return { id: f.id, severity: f.severity, message: f.message, file: loaded.displayPath(f.file), line: start.line, column: start.column, endLine: end.line,
    endColumn: end.column, ...(f.renderedBy ? { renderedBy: f.renderedBy } : {}) };
}

function checkText(loaded: Loaded, style: Style, findings: Finding[]): string {
  const color = { error: style.red, warning: style.yellow, information: style.cyan, hint: style.dim };
  const lines = findings.map((f) => `${loaded.location(f.file, f.span.start)}: ${color[f.severity](f.severity)} ${f.message} ${style.dim(`[${f.id}]`)}`);
  const s = summary(findings);
  lines.push(findings.length === 0 ? (loaded.incomplete ? 'No problems found in what was analyzed; some sources were not (see stderr).' : 'No problems found.')
    : `${s.error} error${s.error === 1 ? '' : 's'}, ${s.warning} warning${s.warning === 1 ? '' : 's'}, ${s.information + s.hint} ` +
    `note${s.information + s.hint === 1 ? '' : 's'}.`);
  return lines.join('\n') + '\n';
}

function sarif(loaded: Loaded, findings: Finding[]): unknown {
  const ids = [...new Set(findings.map((f) => f.id))].sort();
  const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'netpol-lens', informationUri: 'https://github.com/netpol-lens/netpol-lens',
        rules: ids.map((id) => ({ id, name: id, shortDescription: { text: id } })) } },
      results: findings.map((f) => {
        const start = loaded.position(f.file, f.span.start);
        const end = loaded.position(f.file, Math.max(f.span.end, f.span.start));
        return {
          ruleId: f.id,
          ruleIndex: ids.indexOf(f.id),
          level: level[f.severity],
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: loaded.displayPath(f.file).split('\\').join('/') }, region: { startLine: start.line,
            startColumn: start.column, endLine: end.line, endColumn: end.column } } }],
          ...(f.renderedBy ? { properties: { renderedBy: f.renderedBy } } : {}),
        };
      }),
    }],
  };
}
