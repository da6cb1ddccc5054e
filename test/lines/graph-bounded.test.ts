/**
 * A bounded commit graph (`git log <tips> ^<commit>`, see facts/line-history.ts) answers exactly
 * as the whole graph does, or throws HistoryCut; never a different answer. Checked on random
 * histories with lines forked from main, merged back, fed by pull-request branches and merging
 * main in, against answers computed by brute force from the ancestor sets. The planned reads
 * (first-parent chains, then each line's own commits and each counted range, see
 * core/lines/history-plan.ts) are held to the same: the answer, or a refusal. So are the answers
 * kept for an older tip of main, carried to a newer one (core/lines/history-advance.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  answerPlan,
  carriedHistory,
  graphHistory,
  HistoryCut,
  parseCommitGraph,
  type HistoryPlan,
  type LineHistory,
} from '../../src/core/lines/index.js';
import { int, rng, type Rand } from '../version/gen.js';

interface History {
  /** Parents by creation index (parents are always older). */
  parents: number[][];
  main: number;
  lines: number[];
  /** A tag per line (its base), or null. */
  bases: Array<number | null>;
}

const idOf = (i: number): string => i.toString(16).padStart(40, '0');
const dateOf = (i: number): string => `2020-01-01T00:00:${String(i % 60).padStart(2, '0')}+00:00`;

function randomHistory(r: Rand): History {
  const parents: number[][] = [[]];
  const add = (ps: number[]): number => parents.push(ps) - 1;
  let main = 0;
  const lines: number[] = [];
  const bases: Array<number | null> = [];
  for (let step = 0; step < 60; step++) {
    const x = r();
    if (x < 0.3) main = add([main]);
    else if (x < 0.4) {
      lines.push(main);
      bases.push(null);
    } else if (x < 0.6 && lines.length > 0) {
      const k = int(r, lines.length);
      lines[k] = add([lines[k]!]);
      if (r() < 0.4) bases[k] = lines[k]!;
    } else if (x < 0.7 && lines.length > 0) {
      main = add([main, lines[int(r, lines.length)]!]);
    } else if (x < 0.8) {
      // A pull request from an older main commit, merged into main (or, sometimes, into a line).
      const from = int(r, parents.length);
      const pr = add([from]);
      if (lines.length > 0 && r() < 0.3) {
        const k = int(r, lines.length);
        lines[k] = add([lines[k]!, pr]);
      } else main = add([main, pr]);
    } else if (x < 0.85 && lines.length > 0) {
      const k = int(r, lines.length);
      lines[k] = add([lines[k]!, main]);
    } else main = add([main]);
  }
  return { parents, main, lines, bases };
}

function ancestors(h: History, starts: readonly number[]): Set<number> {
  const seen = new Set<number>();
  const todo = [...starts];
  while (todo.length > 0) {
    const i = todo.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    todo.push(...h.parents[i]!);
  }
  return seen;
}

/** What `git log --topo-order --format=%H%x09%P%x09%cI <tips> ^<exclude>` prints (newest first is topological here). */
function logText(h: History, tips: readonly number[], exclude: readonly number[]): string {
  const out = ancestors(h, tips);
  for (const e of ancestors(h, exclude)) out.delete(e);
  return [...out]
    .sort((a, b) => b - a)
    .map((i) => `${idOf(i)}\t${h.parents[i]!.map(idOf).join(' ')}\t${dateOf(i)}\n`)
    .join('');
}

interface Answers {
  forks: Array<string | null>;
  ahead: Array<number | null>;
  chain: boolean[];
}

function answersOf(history: LineHistory, h: History, probes: readonly number[]): Answers {
  const main = idOf(h.main);
  return {
    forks: h.lines.map((l) => history.forkPoint(idOf(l), main)?.commit ?? null),
    ahead: h.lines.map((l, k) => history.countAhead(idOf(l), idOf(h.bases[k] ?? 0))),
    chain: probes.map((p) => history.onFirstParentChain(main, idOf(p))),
  };
}

/** The answers by definition: the newest first-parent commit of main a line has, set differences, the chain itself. */
function bruteForce(h: History, probes: readonly number[]): Answers {
  const chain: number[] = [];
  for (let i: number | undefined = h.main; i !== undefined; i = h.parents[i]![0]) chain.push(i);
  return {
    forks: h.lines.map((l) => {
      const has = ancestors(h, [l]);
      const f = chain.find((c) => has.has(c));
      return f === undefined ? null : idOf(f);
    }),
    ahead: h.lines.map((l, k) => {
      const base = ancestors(h, [h.bases[k] ?? 0]);
      return [...ancestors(h, [l])].filter((i) => !base.has(i)).length;
    }),
    chain: probes.map((p) => chain.includes(p)),
  };
}

/** Each answer of the bounded graph on its own: the answer, or 'cut'. */
function eachAnswer(history: LineHistory, h: History, probes: readonly number[]): Array<unknown> {
  const main = idOf(h.main);
  const attempt = (f: () => unknown): unknown => {
    try {
      return f();
    } catch (e) {
      if (e instanceof HistoryCut) return 'cut';
      throw e;
    }
  };
  return [
    ...h.lines.map((l) => attempt(() => history.forkPoint(idOf(l), main)?.commit ?? null)),
    ...h.lines.map((l, k) => attempt(() => history.countAhead(idOf(l), idOf(h.bases[k] ?? 0)))),
    ...probes.map((p) => attempt(() => history.onFirstParentChain(main, idOf(p)))),
  ];
}

describe('a bounded commit graph', () => {
  it('answers as the whole graph does, or throws HistoryCut', () => {
    const r = rng(20261206);
    let exact = 0;
    let cut = 0;
    for (let round = 0; round < 300; round++) {
      const h = randomHistory(r);
      if (h.lines.length === 0) continue;
      const tips = [h.main, ...h.lines, ...h.bases.map((b) => b ?? 0)];
      const probes = Array.from({ length: 5 }, () => int(r, h.parents.length));
      const whole = answersOf(graphHistory(parseCommitGraph(logText(h, tips, []))), h, probes);
      expect(whole).toEqual(bruteForce(h, probes));
      const flat = [...whole.forks, ...whole.ahead, ...whole.chain];
      // Bounds in the older half, as graphBoundary picks them (an old line's tag), and anywhere.
      const below = round % 4 === 0 ? h.parents.length : Math.ceil(h.parents.length / 2);
      const exclude = Array.from({ length: 1 + int(r, 2) }, () => int(r, below));
      const bounded = eachAnswer(graphHistory(parseCommitGraph(logText(h, tips, exclude), { bounded: true })), h, probes);
      bounded.forEach((a, k) => {
        if (a === 'cut') cut++;
        else {
          expect(a).toEqual(flat[k]);
          exact++;
        }
      });
    }
    // Both outcomes happen, and mostly the bound holds.
    expect(cut).toBeGreaterThan(0);
    expect(exact).toBeGreaterThan(cut);
  });

  it('keeps the first-parent chain from following a second parent past the cut', () => {
    // main: 0 - 1 - 3 (merge of 2, a side commit off 0); excluding 1 leaves 3 whose first parent is gone.
    const h: History = { parents: [[], [0], [0], [1, 2]], main: 3, lines: [2], bases: [null] };
    const g = parseCommitGraph(logText(h, [3, 2], [1]), { bounded: true });
    expect(g.cut?.get(g.index.get(idOf(3))!)).toBe(true);
    const history = graphHistory(g);
    // 2 is not on main's first-parent chain (0, 1, 3); the bounded chain stops at 3 and cannot tell.
    expect(() => history.onFirstParentChain(idOf(3), idOf(0))).toThrow(HistoryCut);
    expect(history.onFirstParentChain(idOf(3), idOf(2))).toBe(false);
    expect(history.onFirstParentChain(idOf(3), idOf(3))).toBe(true);
    // The line's fork point (0) is below the cut: refused, not answered as "none".
    expect(() => history.forkPoint(idOf(2), idOf(3))).toThrow(HistoryCut);
  });
});

/** What `git log --first-parent --topo-order <tips> ^<exclude>` prints: each tip's first-parent chain down to the excluded history, every parent listed. */
function firstParentText(h: History, tips: readonly number[], exclude: readonly number[]): string {
  const gone = ancestors(h, exclude);
  const out = new Set<number>();
  for (const t of tips) {
    for (let i: number | undefined = t; i !== undefined && !gone.has(i) && !out.has(i); i = h.parents[i]![0]) out.add(i);
  }
  return [...out]
    .sort((a, b) => b - a)
    .map((i) => `${idOf(i)}\t${h.parents[i]!.map(idOf).join(' ')}\t${dateOf(i)}\n`)
    .join('');
}

describe('planned reads (first-parent chains, then small ranges)', () => {
  it('answer as the whole graph does, or refuse', async () => {
    const r = rng(20261207);
    let exact = 0;
    let refused = 0;
    for (let round = 0; round < 300; round++) {
      const h = randomHistory(r);
      if (h.lines.length === 0) continue;
      const main = idOf(h.main);
      const bases = h.bases.map((b) => b ?? 0);
      const plan: HistoryPlan = {
        dev: main,
        heads: [main, ...h.lines.map(idOf)],
        forks: [...new Set(h.lines.map(idOf))],
        counts: h.lines.map((l, k) => ({ tip: idOf(l), base: idOf(bases[k]!) })),
      };
      const probes = Array.from({ length: 5 }, () => int(r, h.parents.length));
      const flat = (() => {
        const b = bruteForce(h, probes);
        return [...b.forks, ...b.ahead, ...b.chain];
      })();
      // Unbounded every other round (then every answer must come), else bounded in the older half.
      const exclude = round % 2 === 0 ? [] : Array.from({ length: 1 + int(r, 2) }, () => int(r, Math.ceil(h.parents.length / 2)));
      const chains = parseCommitGraph(firstParentText(h, [h.main, ...h.lines, ...bases], exclude), { bounded: true });
      const read = (tip: string, ex: string) =>
        Promise.resolve(parseCommitGraph(logText(h, [parseInt(tip, 16)], [parseInt(ex, 16)]), { bounded: true }));
      const planned = await answerPlan(plan, chains, read);
      if (!planned) {
        expect(exclude).not.toEqual([]);
        refused++;
        continue;
      }
      // A line without a tag counts its commits from its fork point (discover.ts asks that too).
      h.lines.forEach((l, k) => {
        if (h.bases[k] !== null) return;
        try {
          const fork = planned.forkPoint(idOf(l), main);
          if (fork === null) return;
          const below = ancestors(h, [parseInt(fork.commit, 16)]);
          const want = [...ancestors(h, [l])].filter((i) => !below.has(i)).length;
          expect(planned.countAhead(idOf(l), fork.commit)).toBe(want);
          exact++;
        } catch (e) {
          if (!(e instanceof HistoryCut)) throw e;
          refused++;
        }
      });
      eachAnswer(planned, h, probes).forEach((a, k) => {
        if (a === 'cut') {
          expect(exclude).not.toEqual([]);
          refused++;
        } else {
          expect(a).toEqual(flat[k]);
          exact++;
        }
      });
    }
    expect(exact).toBeGreaterThan(refused);
  });
});

/** The answers of `bruteForce` for `h` as a LineHistory (an earlier run's kept answers); any other question is refused. */
function keptAnswers(h: History, probes: readonly number[]): LineHistory {
  const b = bruteForce(h, probes);
  const main = idOf(h.main);
  const refuse = (what: string): never => {
    throw new HistoryCut(what);
  };
  return {
    forkPoint(tip, head) {
      const k = head === main ? h.lines.findIndex((l) => idOf(l) === tip) : -1;
      if (k < 0) return refuse(`fork of ${tip}`);
      const fork = b.forks[k]!;
      return fork === null ? null : { commit: fork, date: null };
    },
    countAhead(tip, base) {
      const k = h.lines.findIndex((l, j) => idOf(l) === tip && idOf(h.bases[j] ?? 0) === base);
      return k < 0 ? refuse(`count of ${tip}`) : b.ahead[k]!;
    },
    onFirstParentChain(head, commit) {
      const k = head === main ? probes.findIndex((p) => idOf(p) === commit) : -1;
      return k < 0 ? refuse(`chain of ${head}`) : b.chain[k]!;
    },
  };
}

describe('answers carried to a newer tip of main', () => {
  it('are the answers for the newer tip, or refused; refused only for a line that holds the older tip', () => {
    const r = rng(20261208);
    let exact = 0;
    let refused = 0;
    for (let round = 0; round < 300; round++) {
      const h = randomHistory(r);
      // Sometimes a line cut at main's tip, with a commit or two: it holds the old tip, so its fork cannot be carried.
      if (r() < 0.4) {
        let tip = h.main;
        for (let k = int(r, 3); k > 0; k--) tip = h.parents.push([tip]) - 1;
        h.lines.push(tip);
        h.bases.push(null);
      }
      if (h.lines.length === 0) continue;
      const probes = Array.from({ length: 5 }, () => int(r, h.parents.length));
      const from = h.main;
      // main's own count beyond some base (its unreleased commits), kept too
      const devBase = int(r, h.parents.length);
      const without = (a: Set<number>, ...bs: Array<Set<number>>): number => [...a].filter((i) => !bs.some((b) => b.has(i))).length;
      const keptDev = without(ancestors(h, [from]), ancestors(h, [devBase]));
      const lineKept = keptAnswers(h, probes);
      const kept: LineHistory = {
        ...lineKept,
        countAhead: (tip, base) => (tip === idOf(from) && base === idOf(devBase) ? keptDev : lineKept.countAhead(tip, base)),
      };
      // Main moves on: commits, pull requests from older commits, lines merged back; the lines stay.
      // Or main is fast-forwarded to a line built on its tip: the line's commits join main's chain.
      const add = (ps: number[]): number => h.parents.push(ps) - 1;
      const onTop = h.lines.filter((l) => {
        let i: number | undefined = l;
        while (i !== undefined && i > from) i = h.parents[i]![0];
        return i === from;
      });
      for (let step = 0, n = 1 + int(r, 8); step < n; step++) {
        const x = r();
        if (step === 0 && onTop.length > 0 && r() < 0.5) h.main = onTop[int(r, onTop.length)]!;
        else if (x < 0.4) h.main = add([h.main]);
        else if (x < 0.7) h.main = add([h.main, h.lines[int(r, h.lines.length)]!]);
        else h.main = add([h.main, add([int(r, h.parents.length)])]);
      }
      const chain = new Set<string>();
      for (let i = h.main; i !== from; i = h.parents[i]![0]!) chain.add(idOf(i));
      // Probes among the new commits too.
      const newProbes = [...probes, ...Array.from({ length: 3 }, () => int(r, h.parents.length))];
      const want = bruteForce(h, newProbes);
      const flat = [...want.forks, ...want.ahead, ...want.chain];
      // The new probes were never asked of the old tip: only the new chain can answer them.
      const added = without(ancestors(h, [h.main]), ancestors(h, [from]), ancestors(h, [devBase]));
      const carried = carriedHistory(kept, { from: idOf(from), to: idOf(h.main), chain, added: new Map([[idOf(devBase), added]]) });
      expect(carried.countAhead(idOf(h.main), idOf(devBase))).toBe(without(ancestors(h, [h.main]), ancestors(h, [devBase])));
      eachAnswer(carried, h, newProbes).forEach((a, k) => {
        if (a === 'cut') {
          refused++;
          // A fork refused only where the line holds the old tip; a probe only when it was never asked.
          if (k < h.lines.length) expect(ancestors(h, [h.lines[k]!]).has(from)).toBe(true);
          else expect(k).toBeGreaterThanOrEqual(2 * h.lines.length + probes.length);
        } else {
          expect(a).toEqual(flat[k]);
          exact++;
        }
      });
    }
    expect(refused).toBeGreaterThan(0);
    expect(exact).toBeGreaterThan(5 * refused);
  });
});
