// Hovers and lens titles of small adversarial workspaces, compared whole with golden files:
// each folder of test/fixtures/describe-cases holds manifests with `<|>` hover markers and
// expected.md, the lens titles of every file and the hover at every marker (UPDATE_EXPECT=1).
import { test } from 'node:test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileLenses, hoverAt, Workspace, type ManifestObject } from '../../server/src/engine/index';
import { fixture } from '../helpers/fixtures';
import { expectGolden } from '../helpers/golden';

const MARK = '<|>';
const root = fixture('describe-cases');
const link = (file: string, _offset: number, text: string) => `[${text}](${basename(file)})`;

/** Lenses of every file, then the hover at every marker, as one text. */
function describeCase(dir: string): string {
  const ws = new Workspace();
  const files = readdirSync(dir).filter((n) => /\.(ya?ml|json)$/.test(n)).sort();
  const marks = new Map<string, number[]>();
  const texts = new Map<string, string>();
  const objects = new Map<string, readonly ManifestObject[]>();
  for (const f of files) {
    let text = readFileSync(join(dir, f), 'utf8');
    const at: number[] = [];
    for (let i = text.indexOf(MARK); i >= 0; i = text.indexOf(MARK, i)) { at.push(i); text = text.slice(0, i) + text.slice(i + MARK.length); }
    marks.set(f, at);
    texts.set(f, text);
    objects.set(f, ws.setFile(join(dir, f), text, { keepObjects: true }).objects ?? []);
  }
  const s = ws.snapshot();
  const out: string[] = [];
  for (const f of files) {
    const lenses = fileLenses(s, join(dir, f), objects.get(f)!);
    if (lenses.length) out.push(`## lenses of ${f}\n\n${lenses.map((l) => `- ${l.kind} at line ${line(texts.get(f)!, l.offset)}: ${l.title}`).join('\n')}\n`);
  }
  for (const f of files) {
    for (const offset of marks.get(f)!) {
      const text = texts.get(f)!;
      const lineText = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset) + MARK + text.slice(offset, text.indexOf('\n', offset) < 0 ? undefined
        : text.indexOf('\n', offset));
      out.push(`## hover at ${f}:${line(text, offset)}: \`${lineText.trim()}\`\n\n${hoverAt(s, objects.get(f)!, offset, link)?.markdown ?? '(no hover)'}\n`);
    }
  }
  return out.join('\n');
}

function line(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

for (const name of readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory()).sort()) {
  test(`describe case ${name}: lenses and hovers equal expected.md`, () => {
    expectGolden(join(root, name, 'expected.md'), describeCase(join(root, name)));
  });
}
