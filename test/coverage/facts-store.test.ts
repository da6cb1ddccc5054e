import { describe, expect, it } from 'vitest';
import { commitFacts, Equivalence, FactsStore, type CommitFacts } from '../../src/core/coverage/index.js';
import { parseRevList } from '../../src/git/range.js';

const P = { originTrailer: 'Backport-of', optOutTrailer: 'Backport' };
const id = (c: string): string => c.repeat(40);

/** The fields of a CommitFacts (a view's are getters: read them one by one). */
const plain = (f: CommitFacts | undefined): Record<string, unknown> | undefined =>
  f && {
    oid: f.oid,
    subject: f.subject,
    parents: f.parents,
    kind: f.kind,
    origins: f.origins,
    ownPr: f.ownPr,
    backportOf: f.backportOf,
    prRefs: f.prRefs,
    reverts: f.reverts,
    fixes: f.fixes,
    optOut: f.optOut,
    backportTargets: f.backportTargets,
    pathsKey: f.pathsKey,
  };

describe('FactsStore: commit facts by column, by graph index', () => {
  const graph = parseRevList(`${id('a')} ${id('b')}\n${id('b')} ${id('c')}\n${id('c')}\n`);
  const messages: Array<[string, string, string[] | null]> = [
    [
      id('a'),
      `fix: escape input (backport #7) (#9)\n\n(cherry picked from commit ${id('d')})\nBackport: 0.4\nFixes: ${id('c')}\n`,
      ['src/a.c'],
    ],
    [id('b'), 'feat: a thing (#8)\n', null],
    [id('c'), 'chore: tidy\n\nBackport: no\n', ['a', 'b']],
  ];
  const made = messages.map(([oid, message, paths]) => commitFacts({ oid, parents: 1, message, paths }, P));
  const outside = commitFacts({ oid: id('d'), parents: 1, message: 'fix: escape input (#7)\n', paths: null }, P);

  it('gives back every field as it was given, for commits in and outside the range', () => {
    const store = new FactsStore(graph);
    for (const f of [...made, outside]) store.set(f);
    expect(store.size).toBe(4);
    for (const f of [...made, outside]) expect(plain(store.get(f.oid))).toEqual(plain(f));
    expect(store.has(id('e'))).toBe(false);
    expect(store.get(id('e'))).toBeUndefined();
    expect([...store.keys()]).toEqual([id('a'), id('b'), id('c'), id('d')]);
  });

  it('iterates in graph order whatever order the facts came in, and takes paths read later', () => {
    const store = new FactsStore(graph);
    for (const f of [outside, made[2], made[0], made[1]] as CommitFacts[]) store.set(f);
    expect([...store.range()].map((f) => f.oid)).toEqual([id('a'), id('b'), id('c')]);
    const eq = new Equivalence(store);
    eq.setPaths(id('b'), 'src/a.c');
    expect(store.get(id('b'))?.pathsKey).toBe('src/a.c');
    expect(eq.cheapCarriers(id('a')).map((e) => [e.via, e.commit])).toEqual([
      ['trailer', id('d')],
      ['pull-request', id('d')],
    ]);
  });

  it('answers the equivalence steps as a Map of the same facts does', () => {
    const store = new FactsStore(graph);
    for (const f of [...made, outside]) store.set(f);
    const byStore = new Equivalence(store);
    const byMap = new Equivalence(new Map([...made, outside].map((f) => [f.oid, f])));
    const target = { has: (o: string) => o === id('d') };
    for (const f of made) expect(byStore.find(f.oid, target, { subject: true })).toEqual(byMap.find(f.oid, target, { subject: true }));
  });
});
