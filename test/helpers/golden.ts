// Whole-output expectations: a text is compared with a file under test/fixtures, and
// UPDATE_EXPECT=1 rewrites the file instead (review the diff). Never substrings.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Asserts `actual` equals the golden file's text; with UPDATE_EXPECT set, writes it. */
export function expectGolden(file: string, actual: string): void {
  if (process.env.UPDATE_EXPECT) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `missing golden file ${file}: run with UPDATE_EXPECT=1 and review it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `${file} differs (UPDATE_EXPECT=1 rewrites it; review the diff)`);
}
