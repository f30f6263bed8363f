// workspace/executeCommand: the server's own commands, for clients without the VS Code extension
// (a code lens in Neovim runs netpolLens.server.explain). Thin: the text comes from requests.ts.
import { Commands, type ShowExplanationArgs } from '../protocol';
import type { ManifestStore } from '../workspace/manifest-store';
import { explanationRequest } from './requests';

/** What a command returns to the client and the plain text to show it, if any. */
export interface CommandResult {
  result: unknown;
  message?: string;
}

/** Runs a server command; unknown commands and bad arguments give a null result. */
export function executeCommand(store: ManifestStore, command: string, args: unknown[] | undefined): CommandResult {
  if (command !== Commands.serverExplain) return { result: null };
  const a = args?.[0] as Partial<ShowExplanationArgs> | undefined;
  if (!a || typeof a.uri !== 'string') return { result: null };
  const markdown = a.markdown ?? explanationRequest(store, { uri: a.uri, offset: typeof a.offset === 'number' ? a.offset : 0 }).markdown;
  const title = typeof a.title === 'string' ? a.title : '';
  return { result: { markdown }, message: plainText(title ? `${title}\n\n${markdown}` : markdown) };
}

/** Markdown as plain text for window/showMessage: links keep their text, emphasis goes. */
function plainText(markdown: string): string {
  return markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*|__/g, '');
}
