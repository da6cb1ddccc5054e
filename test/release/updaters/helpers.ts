import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { TrellisError } from '../../../src/core/errors.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The text of a fixture under test/release/updaters/fixtures/. */
export function fixture(path: string): string {
  return readFileSync(join(here, 'fixtures', path), 'utf8');
}

/** 1-based numbers of the lines that differ; both texts must have the same number of lines. */
export function changedLines(before: string, after: string): number[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  const out: number[] = [];
  a.forEach((line, i) => {
    if (line !== b[i]) out.push(i + 1);
  });
  return out;
}

/** 1-based number of the only line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const hits = text.split('\n').flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  expect(hits, `lines containing ${JSON.stringify(needle)}`).toHaveLength(1);
  return hits[0] as number;
}

/** Replaces the one exact occurrence of `from` (fails if it is not there exactly once). */
export function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `occurrences of ${JSON.stringify(from)}`).toBe(1);
  return text.replace(from, () => to);
}

export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Runs `fn`, expects a TrellisError, and returns it for further checks. */
export function trellisError(fn: () => unknown): TrellisError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TrellisError);
    return e as TrellisError;
  }
  throw new Error('expected a TrellisError, nothing was thrown');
}
