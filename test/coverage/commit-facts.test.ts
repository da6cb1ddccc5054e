import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitFacts, Equivalence, normalizeSubject, parseOptOuts, subjectHash } from '../../src/core/coverage/index.js';
import { decodeFacts, encodeFacts } from '../../src/facts/coverage/records.js';
import { RecordCache } from '../../src/facts/coverage/cache-files.js';

const P = { originTrailer: 'Backport-of', optOutTrailer: 'Backport' };
const facts = (message: string, paths: string[] = ['a.txt'], oid = 'a'.repeat(40)) => commitFacts({ oid, parents: 1, message, paths }, P);

describe('commit facts from messages as bots and people write them', () => {
  it('reads pull-request numbers: own squash number, Mergify titles and bodies, backport actions', () => {
    expect(facts('fix: a (#12)')).toMatchObject({ ownPr: 12, backportOf: [], prRefs: [12] });
    expect(facts('fix: a (backport #12) (#15)\n\nThis is an automatic backport of pull request #12 done by Mergify.\n')).toMatchObject({
      ownPr: 15,
      backportOf: [12],
    });
    expect(facts('[release-0.2.x] fix: a\n\nBackport 1234567abc from #40.\n').backportOf).toEqual([40]);
    expect(facts('fix: a (#5130) (#5135)').prRefs.sort()).toEqual([5130, 5135]);
    expect(facts('Merge pull request #77 from someone/branch').ownPr).toBe(77);
  });

  it('a revert quotes the reverted subject: its (#N) is not the revert’s own', () => {
    const f = facts('Revert "fix: a (#12)" (#20)\n\nThis reverts commit 1234567890abcdef.\n');
    expect(f).toMatchObject({ ownPr: 20, prRefs: [20], reverts: ['1234567890abcdef'] });
  });

  it('reads origins from -x lines and the policy trailer, opt-outs and Fixes:', () => {
    const sha = 'b'.repeat(40);
    expect(facts(`fix: a\n\n(cherry picked from commit ${sha})\n`).origins).toEqual([sha]);
    expect(facts(`fix: a\n\nBackport-of: ${sha.slice(0, 12)}\n`).origins).toEqual([sha.slice(0, 12)]);
    expect(facts('fix: a\n\nBackport: no\n').optOut).toBe(true);
    expect(facts('fix: a\n\nBackport: 3.1, 3.0\n')).toMatchObject({ optOut: false, backportTargets: ['3.1', '3.0'] });
    expect(facts('fix: a\n\nFixes: 1234567abc ("feat: b")\n').fixes).toEqual(['1234567abc']);
  });

  it('kinds: conventional, CVE, and "area: fix ..." subjects of projects without conventional commits', () => {
    expect(facts('feat: a').kind).toBe('feature');
    expect(facts('docs: a').kind).toBe('other');
    expect(facts('box: fix crash on empty key').kind).toBe('bugfix');
    expect(facts('box: add a feature\n\nCVE: CVE-2026-1\n').kind).toBe('other');
    expect(facts('box: tighten checks\n\nCVE: CVE-2026-12345\n').kind).toBe('security');
  });

  it('normalizes subjects for the probable match', () => {
    expect(normalizeSubject('[release-0.2.x] Fix:  Thing (backport #12) (#15)')).toBe('fix: thing');
    expect(normalizeSubject('Backport 3.1: fix: thing')).toBe('fix: thing');
  });

  it('encodes and decodes cache records losslessly', () => {
    const f = facts('fix: a (backport #1) (#2)\n\nFixes: abcdef1\nBackport: no\n', ['x/y.c', 'z.c']);
    expect(decodeFacts(f.oid, encodeFacts(f))).toEqual(f);
    expect(decodeFacts(f.oid, 'garbage')).toBeNull();
  });
});

describe('equivalence', () => {
  const id = (n: number) => n.toString(16).repeat(40);
  it('follows chains of origins and resolves abbreviated ids', () => {
    const a = commitFacts({ oid: id(1), parents: 1, message: 'fix: a', paths: ['a'] }, P);
    const b = commitFacts(
      { oid: id(2), parents: 1, message: `fix: a\n\n(cherry picked from commit ${id(1).slice(0, 39)})\n`, paths: ['a'] },
      P,
    );
    const c = commitFacts({ oid: id(3), parents: 1, message: `fix: a\n\n(cherry picked from commit ${id(2)})\n`, paths: ['a'] }, P);
    const eq = new Equivalence([a, b, c]);
    expect(eq.roots(id(3)).sort()).toEqual([id(1), id(2), id(3)]);
    expect(eq.findCheap(id(1), { has: (o) => o === id(3) })).toEqual({ via: 'trailer', commit: id(3) });
    // The reverse: the origin's line has it when the copy is asked about.
    expect(eq.findCheap(id(3), { has: (o) => o === id(1) })).toEqual({ via: 'trailer', commit: id(1) });
    expect(eq.findCheap(id(1), { has: () => false })).toBeNull();
  });

  it('patch-id candidates are only the target commits that change the same paths', () => {
    const a = commitFacts({ oid: id(1), parents: 1, message: 'fix: a', paths: ['a', 'b'] }, P);
    const same = commitFacts({ oid: id(2), parents: 1, message: 'x', paths: ['b', 'a'] }, P);
    const other = commitFacts({ oid: id(3), parents: 1, message: 'y', paths: ['a'] }, P);
    const eq = new Equivalence([a, same, other]);
    expect(eq.patchIdCandidates(id(1), { has: () => true })).toEqual([id(2)]);
    const pids = new Map([
      [id(1), 'p1'],
      [id(2), 'p1'],
    ]);
    expect(eq.find(id(1), { has: (o) => o !== id(1) }, { patchIds: pids })).toEqual({ via: 'patch-id', commit: id(2) });
  });
});

describe('the subject step', () => {
  const id = (n: number) => n.toString(16).padStart(40, '0');
  /** Two different subjects whose normalized forms share a hash (a birthday search). */
  function collision(): [string, string] {
    const seen = new Map<number, string>();
    for (let n = 0; ; n++) {
      const s = `fix: handle case ${n}`;
      const h = subjectHash(normalizeSubject(s));
      const other = seen.get(h);
      if (other !== undefined) return [other, s];
      seen.set(h, s);
    }
  }

  it('matches the exact subject only, even when two subjects share a hash', () => {
    const [s1, s2] = collision();
    expect(s1).not.toBe(s2);
    const change = commitFacts({ oid: id(1), parents: 1, message: s1, paths: ['a'] }, P);
    const foreign = commitFacts({ oid: id(2), parents: 1, message: s2, paths: ['b'] }, P);
    const onLine = (o: string) => o !== id(1);
    expect(new Equivalence([change, foreign]).find(id(1), { has: onLine }, { subject: true })).toBeNull();
    const copy = commitFacts({ oid: id(3), parents: 1, message: `${s1} (#12)`, paths: ['c'] }, P);
    expect(new Equivalence([change, foreign, copy]).find(id(1), { has: onLine }, { subject: true })).toEqual({
      via: 'subject',
      commit: id(3),
    });
    expect(new Equivalence([foreign, change, copy]).find(id(1), { has: onLine }, { subject: true })).toEqual({
      via: 'subject',
      commit: id(3),
    });
  });
});

describe('the opt-out file and the cache file', () => {
  it('an opt-out needs a commit id and a reason', () => {
    expect(parseOptOuts('- commit: 1234567\n  reason: not affected\n  lines: ["0.4"]\n', 'f.yml')).toEqual([
      { commit: '1234567', reason: 'not affected', lines: ['0.4'] },
    ]);
    expect(() => parseOptOuts('- commit: 1234567\n', 'f.yml')).toThrow("f.yml: entry 1 (1234567): an opt-out needs a 'reason'");
    expect(() => parseOptOuts('- commit: xyz\n  reason: r\n', 'f.yml')).toThrow('must be a commit id');
  });

  it('keeps records across opens and rejects a truncated file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trellis-cache-'));
    const c = await RecordCache.open(dir, 'patch-ids', 'stable');
    expect(c.load).toBe('missing');
    c.set('k1', 'v1');
    expect(await c.save()).toBe(true);
    const again = await RecordCache.open(dir, 'patch-ids', 'stable');
    expect(again.load).toBe('ok');
    expect(again.get('k1')).toBe('v1');
    expect((await RecordCache.open(dir, 'patch-ids', 'other-params')).load).toBe('rebuilt');
    const text = await readFile(join(dir, 'patch-ids'), 'utf8');
    await writeFile(join(dir, 'patch-ids'), text.slice(0, -20));
    const torn = await RecordCache.open(dir, 'patch-ids', 'stable');
    expect(torn.load).toBe('rebuilt');
    expect(torn.size).toBe(0);
  });
});
