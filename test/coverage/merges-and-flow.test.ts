/**
 * The pure pieces behind "coverage that holds on real repositories": the backport and pick texts
 * of real projects, the merge that brought each commit (landingMerges), equivalence through a
 * merge, and the flow read from the policy.
 */
import { describe, expect, it } from 'vitest';
import { commitFacts, coverageFlow, coverageFlowOf, Equivalence, landingMerges } from '../../src/core/coverage/index.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { parseRevList } from '../../src/git/range.js';

const P = { originTrailer: 'Backport-of', optOutTrailer: 'Backport' };
const facts = (message: string, oid = 'a'.repeat(40), parents = 1) => commitFacts({ oid, parents, message, paths: null }, P);
const id = (c: string): string => c.repeat(40);

describe('backport and pick texts of real projects', () => {
  it.each([
    ['Llama Stack: "Cherry-pick of #N" in the body', 'docs: notebook (#4015)\n\nCherry-pick of #3955 to release-0.3.x\n', [3955]],
    [
      'Llama Stack: "Backport of … from #N"',
      'fix: starter (backport) (#5424)\n\n## Summary\n\nBackport of the `[starter]` pip extra from #5423 to the release-0.7.x\nbranch.\n',
      [5423],
    ],
    ['duckdb: "Backport PR #N" in a merge subject', 'Backport PR #22348 to andium (#23084)', [22348]],
    ['duckdb: bare numbers', 'backport 21815 & 21427 (#22137)', [21815, 21427]],
    ['a list', 'Backports #1, #22 and #333', [1, 22, 333]],
    ['cherry picked from a pull request', 'fix: x\n\n(cherry picked from #77)\n', [77]],
    ['"backport 2 fixes" is no number', 'backport 2 fixes to 1.4 (#99)', []],
    ['a year is no number either', 'backport 2024 changes (#99)', []],
    ['a revert backports nothing', 'Revert "fix: a (backport #12)"', []],
  ])('%s', (_, message, backportOf) => {
    expect(facts(message).backportOf).toEqual(backportOf);
  });
});

describe('landingMerges: the merge that brought each commit onto its branch', () => {
  //   m2 (merge of x2)  ── m1 (merge of y) ── base
  //    \                     \
  //     x2 ── x1 ── base      y ── base
  const [m2, m1, x2, x1, y, base] = ['1', '2', '3', '4', '5', '6'].map(id) as [string, string, string, string, string, string];
  const graph = parseRevList([`${m2} ${m1} ${x2}`, `${x2} ${x1}`, `${x1} ${base}`, `${m1} ${base} ${y}`, `${y} ${base}`, base].join('\n'));
  const at = (o: string) => graph.index.get(o) as number;

  it('claims each side commit for the oldest merge that brings it, chain commits for none', () => {
    const landing = landingMerges(graph, [at(m2)]);
    expect(graph.firstParent[at(m2)]).toBe(at(m1));
    expect(landing[at(x2)]).toBe(at(m2));
    expect(landing[at(x1)]).toBe(at(m2));
    expect(landing[at(y)]).toBe(at(m1));
    expect(landing[at(m1)]).toBe(-1);
    expect(landing[at(base)]).toBe(-1);
  });

  it('an earlier tip in the list claims first (a line before main for line-first flows)', () => {
    const landing = landingMerges(graph, [at(x2), at(m2)]);
    expect(landing[at(x1)]).toBe(-1); // on x2's own chain
    expect(landing[at(y)]).toBe(at(m1));
  });

  it('lets a -m 1 pick of the merge, or a commit naming its pull request, carry every commit of it', () => {
    const [pick, named] = [id('7'), id('8')];
    const all = [
      facts('Merge pull request #12 from dev/fix', m2, 2),
      facts('fix: one', x2),
      facts('fix: two', x1),
      facts(`[0.2] Merge pull request #12 (GH-12)\n\n(cherry picked from commit ${m2})\n`, pick),
      facts('Backport PR #12 to 0.2 (#13)', named, 2),
    ];
    const landing = landingMerges(graph, [at(m2)]);
    const eq = new Equivalence(all, {
      mergeOf: (o) => {
        const i = graph.index.get(o);
        const m = i === undefined ? -1 : (landing[i] as number);
        return m < 0 ? null : (graph.oids[m] as string);
      },
    });
    expect(eq.findCheap(x1, { has: (o) => o === pick })).toEqual({ via: 'merge', commit: pick, merge: m2 });
    expect(eq.findCheap(x2, { has: (o) => o === named })).toEqual({ via: 'merge', commit: named, merge: m2 });
    // The pull request's own commits do not carry each other, nor does the merge itself.
    expect(eq.findCheap(x2, { has: (o) => o === x1 || o === m2 })).toBeNull();
    expect(eq.isCopy(x1)).toBe(false);
  });
});

describe('the flow coverage reads from the policy', () => {
  const policy = (extra: string) => loadPolicy(`versioning:\n  tag: "v{version}"\n${extra}`);

  it('main-first by default; line-first for codename branches or phases that send fixes to lines', () => {
    expect(coverageFlow(policy('branches:\n  release: "release-{major}.{minor}.x"\n'))).toBe('main-first');
    expect(coverageFlowOf(policy('branches:\n  release: "v{major}.{minor}-{codename}"\n'))).toEqual({
      flow: 'line-first',
      why: 'release branches are named by codename (v{major}.{minor}-{codename})',
    });
    expect(coverageFlow(policy('phases:\n  current: mid-cycle\n'))).toBe('line-first');
    const allMain = ['mid-cycle', 'pre-release', 'feature-freeze'].map((p) => `    ${p}: { bugfix: main, security: main }`).join('\n');
    expect(coverageFlow(policy(`phases:\n  targets:\n${allMain}\n`))).toBe('main-first');
  });
});
