import { describe, expect, it } from 'vitest';
import { recordSplitter } from '../../src/git/record-stream.js';

/** Records as `git log -z --format=%x01...%x00` prints them: \x01 first, then after each NUL that ends a record. */
const STREAM = Buffer.from('\x01aaa 1\0subject one\0\0\x01bbb\0two\0\0\x01ccc 2 3\0three\0\npath/a\0path/b\0', 'latin1');
const EXPECTED = ['aaa 1\0subject one\0', 'bbb\0two\0', 'ccc 2 3\0three\0\npath/a\0path/b'];

function split(chunks: Buffer[]): string[] {
  const out: string[] = [];
  const s = recordSplitter((buf, start, end) => out.push(buf.toString('latin1', start, end)));
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

describe('recordSplitter', () => {
  it('splits a whole stream into its records', () => {
    expect(split([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same records wherever the chunks are cut, separators straddling two chunks included', () => {
    for (let a = 0; a <= STREAM.length; a++) {
      for (let b = a; b <= STREAM.length; b++) {
        const chunks = [STREAM.subarray(0, a), STREAM.subarray(a, b), STREAM.subarray(b)];
        expect(split(chunks), `cut at ${a}, ${b}`).toEqual(EXPECTED);
      }
    }
  });

  it('copes with one byte at a time', () => {
    expect(split([...STREAM].map((x) => Buffer.from([x])))).toEqual(EXPECTED);
  });
});
