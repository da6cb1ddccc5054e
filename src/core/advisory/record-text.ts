/**
 * An advisory record file's text → the record, or its problems located at file:line:col. Pure
 * (facts/advisories.ts reads the files and checks the commits). What the fuzzing of
 * test/fuzz/advisory-records.test.ts holds to: nothing but problems comes out (no exception),
 * every problem is one located line, and a large or deeply nested text costs no more than its size.
 */
import { printParseErrorCode, visit } from 'jsonc-parser';
import { locatePolicyMessages, type PolicyProblem } from '../policy/problems.js';
import { recordProblems, type AdvisoryRecord } from './record.js';

/** The largest record file: a record is a few KB; anything much larger is not one (and would cost its size to parse and locate). */
export const MAX_RECORD_BYTES = 256 * 1024;

/** The record in `text` (the file `file`, whose name without `.json` is `fileId`), or its problems. */
export function parseRecordText(text: string, file: string, fileId: string): { record: AdvisoryRecord } | { problems: PolicyProblem[] } {
  if (text.length > MAX_RECORD_BYTES) {
    return { problems: [at(file, 1, 1, `the record is ${text.length} characters long; at most ${MAX_RECORD_BYTES}`)] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    const err = jsonSyntaxError(text);
    const [line, col] = linePos(text, err.offset);
    return { problems: [at(file, line, col, `invalid JSON: ${err.reason}`)] };
  }
  const found = recordProblems(value, fileId);
  if (found.length === 0) return { record: value as AdvisoryRecord };
  try {
    return { problems: locatePolicyMessages(text, file, found) };
  } catch {
    // The locator reads the text as YAML: should it fail on some JSON, the problem is still reported, at the file's start.
    return { problems: found.map((p) => at(file, 1, 1, p.message)) };
  }
}

function at(file: string, line: number, col: number, message: string): PolicyProblem {
  return { file, line, col, message, path: '' };
}

/**
 * Where a text `JSON.parse` refused first goes wrong, and why, by jsonc-parser (already what the
 * JSON version files are read with): `JSON.parse` says where only for some errors (an unexpected
 * token comes with a raw excerpt of the text instead: several lines, control characters).
 * jsonc-parser descends recursively: a text nested deeper than the stack allows, or an error it
 * does not see, is reported at the file's start.
 */
export function jsonSyntaxError(text: string): { offset: number; reason: string } {
  let first: { offset: number; reason: string } | null = null;
  try {
    visit(
      text,
      { onError: (error, offset) => void (first ??= { offset, reason: printParseErrorCode(error) }) },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch {
    first = null;
  }
  return first ?? { offset: 0, reason: 'not valid JSON' };
}

/** 1-based line and column of an offset. */
function linePos(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return [line, offset - nl];
}
