/**
 * The commit-graph parser (core/lines/graph.ts) reads `git log` lines in one pass with indexOf;
 * it must read exactly what splitting each line on tabs and spaces reads (the reference below),
 * whatever the lines hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommitGraph, type CommitGraph } from '../../src/core/lines/graph.js';

/** The parser as first written: split the text into lines, each line on tabs, the parents on spaces. */
function reference(text: string, bounded: boolean): CommitGraph {
  const ids: string[] = [];
  const parentIds: string[][] = [];
  const dates: Array<string | null> = [];
  const own = new Set<number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [id = '', parents = '', date = '', step = ''] = line.split('\t');
    if (step.trim() !== '') own.add(ids.length);
    ids.push(id);
    parentIds.push(parents === '' ? [] : parents.split(' '));
    dates.push(date === '' ? null : date.slice(0, 10));
  }
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const parents = parentIds.map((ps) => ps.map((p) => index.get(p)).filter((i): i is number => i !== undefined));
  const mine = own.size > 0 ? { own } : {};
  if (!bounded) return { ids, index, parents, dates, ...mine };
  const cut = new Map<number, boolean>();
  parentIds.forEach((ps, i) => {
    if (parents[i]!.length < ps.length) cut.set(i, !index.has(ps[0]!));
  });
  return { ids, index, parents, dates, cut, ...mine };
}

const id = fc.constantFrom('a1', 'b2', 'c3', 'd4', 'e5', 'f6');
const line = fc
  .tuple(
    id,
    fc.array(id, { maxLength: 3 }).map((ps) => ps.join(' ')),
    fc.constantFrom('', '2024-05-06T07:08:09+02:00', '2024', 'x'),
    fc.constantFrom('', ' ', 'version-bump', 'a b'),
    fc.constantFrom(0, 1, 2, 3, 4, 5),
  )
  // Lines with fewer fields, and with a stray tab, as much as with all four.
  .map(([i, ps, d, s, fields]) => [i, ps, d, s, 'extra'].slice(0, fields || 1).join('\t'));

describe('parseCommitGraph', () => {
  it('reads what splitting each line reads, bounded or not', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\n\n'), fc.boolean(), (lines, sep, bounded) => {
        const text = lines.join(sep) + (lines.length > 0 ? '\n' : '');
        expect(parseCommitGraph(text, { bounded })).toEqual(reference(text, bounded));
      }),
      { numRuns: 2000 },
    );
  });
});
