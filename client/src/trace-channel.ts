// The output channel behind `netpolLens.trace.server`. vscode-languageclient 10 traces only while
// its trace channel's log level is Trace, and a LogOutputChannel's level is the user's "Set Log
// Level…" choice (Info by default): with one, the setting alone would trace nothing. This
// channel writes to a plain OutputChannel and reports the level the setting asks for.
import * as vscode from 'vscode';
import { SECTION } from '../../server/src/protocol';

/** The log level that makes the language client trace as much as `trace.server` says. */
export function traceLevel(setting: unknown): vscode.LogLevel {
  return setting === 'messages' || setting === 'verbose' ? vscode.LogLevel.Trace : vscode.LogLevel.Off;
}

/** A LogOutputChannel over a plain output channel, its level following `netpolLens.trace.server`. */
export class TraceChannel implements vscode.LogOutputChannel {
  private readonly plain: vscode.OutputChannel;
  private readonly emitter = new vscode.EventEmitter<vscode.LogLevel>();
  private readonly listener: vscode.Disposable;
  private level = traceLevel(vscode.workspace.getConfiguration(SECTION).get('trace.server'));
  private written = 0;
  /** Fires when the setting changes; the language client then re-sends `$/setTrace`. */
  readonly onDidChangeLogLevel = this.emitter.event;

  constructor(readonly name: string) {
    this.plain = vscode.window.createOutputChannel(name);
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`${SECTION}.trace.server`)) return;
      const level = traceLevel(vscode.workspace.getConfiguration(SECTION).get('trace.server'));
      if (level === this.level) return;
      this.level = level;
      this.emitter.fire(level);
    });
  }

  /** Trace when the setting is on, Off otherwise. */
  get logLevel(): vscode.LogLevel {
    return this.level;
  }

  /** How many lines were written (the API suite checks that the setting turns tracing on and off). */
  get linesWritten(): number {
    return this.written;
  }

  private line(kind: string, message: string, args: unknown[]): void {
    this.written++;
    const extra = args.map((a) => (a instanceof Error ? a.stack ?? a.message : typeof a === 'string' ? a : JSON.stringify(a)));
    this.plain.appendLine([`[${kind} - ${new Date().toLocaleTimeString()}] ${message}`, ...extra].join(' '));
  }

  trace(message: string, ...args: unknown[]): void { this.line('Trace', message, args); }
  debug(message: string, ...args: unknown[]): void { this.line('Debug', message, args); }
  info(message: string, ...args: unknown[]): void { this.line('Info', message, args); }
  warn(message: string, ...args: unknown[]): void { this.line('Warn', message, args); }
  error(error: string | Error, ...args: unknown[]): void { this.line('Error', typeof error === 'string' ? error : error.stack ?? error.message, args); }
  append(value: string): void { this.written++; this.plain.append(value); }
  appendLine(value: string): void { this.written++; this.plain.appendLine(value); }
  replace(value: string): void { this.plain.replace(value); }
  clear(): void { this.plain.clear(); }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean') this.plain.show(columnOrPreserveFocus);
    else this.plain.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void { this.plain.hide(); }
  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
    this.plain.dispose();
  }
}
