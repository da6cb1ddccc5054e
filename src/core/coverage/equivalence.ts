/**
 * Commit equivalence: "is change C present on target T, and via what?" Pure and reusable: the
 * coverage report asks it for every change and line, the backport engine for its
 * already-present check. Evidence is tried in a fixed order, cheapest and surest first:
 *
 * 1. `reachable`    — C itself is in T's history (merged-back release branches);
 * 2. `trailer`      — a commit of T and C share an origin through `(cherry picked from commit)`
 *                     or origin-trailer links, followed transitively (main → 3.1 → 3.0 chains,
 *                     fixes made on a line first and carried forward);
 * 3. `pull-request` — a commit of T refers to C's pull request (squash `(#N)`, bot backports);
 * 3b. `merge`       — C came in a merge (a pull request merged with a merge commit) and T carries
 *                     that merge: a `-m 1` pick of it (`(cherry picked from commit <merge>)`, as
 *                     cherry_picker does), or a commit or merge naming its pull request
 *                     ("Backport PR #N" in a line's merge subject, as duckdb does);
 * 4. `patch-id`     — a commit of T has C's `git patch-id --stable` (only asked for commits
 *                     that change exactly the same paths: a patch-id hashes the file names, so
 *                     commits changing different paths can never share one);
 * 5. `subject`      — only the subject matches (the caller reports this as `probable`).
 */
import type { CommitFacts } from './commit-facts.js';
import { normalizeSubject } from './commit-facts.js';
import { NO_IDS, NumberIndex } from './number-index.js';
import { lowerBound } from '../sorted.js';

export type Via = 'reachable' | 'trailer' | 'pull-request' | 'merge' | 'patch-id' | 'subject' | 'branch';

/** How a change was found on a target, and the target's commit that carries it. */
export interface Evidence {
  via: Via;
  commit: string;
  /** For `merge`: the merge that brought the change, which the target's commit carries. */
  merge?: string;
}

/** Options of the {@link Equivalence} constructor. */
export interface EquivalenceOptions {
  /**
   * The merge that brought a commit onto its branch (see `landingMerges`), or null: a change
   * that came in a merge is also present wherever that merge is carried.
   */
  mergeOf?: (oid: string) => string | null;
}

/** A target as equivalence sees it. */
export interface Target {
  /** True when the commit is in the target's history. */
  has(oid: string): boolean;
  /**
   * Commits worth comparing by patch-id and subject (default: {@link has}). Coverage passes
   * "on the target and not on the change's own branch", which also keeps the work small.
   */
  candidate?(oid: string): boolean;
}

/** Options of {@link Equivalence.find}. */
export interface FindOptions {
  /** commit → patch-id (null: none, e.g. empty); without it the patch-id step is skipped. */
  patchIds?: ReadonlyMap<string, string | null>;
  /** Try the subject step (default false). */
  subject?: boolean;
}

const MIN_SUBJECT = 12;

/**
 * The facts of a universe of commits by id, as {@link Equivalence} reads them: a `Map` does, and
 * so does a store that keeps them in an array by graph index behind the graph's own id index
 * (coverage's: no second map of every commit). Iteration order is the order the indexes
 * list commits in (patch-id candidates, carriers), so it must not depend on caches.
 */
export interface FactsIndex {
  get(oid: string): CommitFacts | undefined;
  has(oid: string): boolean;
  keys(): IterableIterator<string>;
  values(): IterableIterator<CommitFacts>;
  readonly size: number;
}

/** Indexes of a universe of commits for the equivalence steps. */
export class Equivalence {
  private readonly facts: FactsIndex;
  /** Every id, sorted: built on the first abbreviated id to resolve. */
  private sorted: string[] | null = null;
  private readonly rootsMemo = new Map<string, string[]>();
  // Index values are one id, or a list when several commits share the key (most keys have
  // one: a list per key would be 100,000 small arrays on a long range).
  private readonly byRoot = new Map<string, Ids>();
  // By pull request: almost every commit of a squash-merging project names one, and a Map here
  // was the largest table of the run (131,072 slots for 92,500 commits); see NumberIndex.
  private readonly byPr: NumberIndex;
  private readonly byPaths = new Map<string, Ids>();
  /** By a hash of the normalized subject (a number, not a string per commit); see {@link find}. */
  private bySubject: NumberIndex | null = null;
  /** Hashes shared by different subjects (rare). */
  private readonly mixedSubjects = new Set<number>();

  /**
   * @param commits every commit that can be a change or a carrier (the range of all branches
   *   read, plus origins outside it when known). A `Map` (or any {@link FactsIndex}) from each commit's id to its facts is
   *   kept as the index itself, not copied (the caller gives it up): on a long range a second
   *   map of every commit is megabytes at the run's busiest moment.
   */
  private readonly mergeOf: (oid: string) => string | null;

  constructor(commits: Iterable<CommitFacts> | FactsIndex, opts: EquivalenceOptions = {}) {
    this.mergeOf = opts.mergeOf ?? (() => null);
    if (isFactsIndex(commits)) this.facts = commits;
    else {
      const m = new Map<string, CommitFacts>();
      for (const c of commits) m.set(c.oid, c);
      this.facts = m;
    }
    let refs = 0;
    for (const c of this.facts.values()) {
      if (c.origins.length > 0) {
        for (const r of this.roots(c.oid)) if (r !== c.oid) push(this.byRoot, r, c.oid);
      }
      refs += c.prRefs.length;
      if (c.pathsKey) push(this.byPaths, c.pathsKey, c.oid);
    }
    const numbers = new Float64Array(refs);
    const owners = new Array<string>(refs);
    let k = 0;
    for (const c of this.facts.values()) {
      for (const p of c.prRefs) {
        numbers[k] = p;
        owners[k++] = c.oid;
      }
    }
    this.byPr = new NumberIndex(numbers, owners);
  }

  /**
   * Records the paths of a commit read after the index was built (its facts had `pathsKey`
   * null): patch-id candidates are looked up by paths.
   */
  setPaths(oid: string, pathsKey: string): void {
    const f = this.facts.get(oid);
    if (!f || f.pathsKey !== null) return;
    // One string per distinct set of paths: commits that change the same files share it.
    const same = pathsKey === '' ? undefined : this.byPaths.get(pathsKey);
    const first = same === undefined ? undefined : this.facts.get(typeof same === 'string' ? same : (same[0] as string));
    f.pathsKey = first?.pathsKey ?? pathsKey;
    if (pathsKey !== '') push(this.byPaths, f.pathsKey, oid);
  }

  /** The facts of a commit of the universe. */
  get(oid: string): CommitFacts | undefined {
    return this.facts.get(oid);
  }

  /** Resolves a full or abbreviated id to a commit of the universe (null when unknown or ambiguous). */
  resolve(id: string): string | null {
    const key = id.toLowerCase();
    if (this.facts.has(key)) return key;
    if (key.length >= 40) return null;
    const sorted = (this.sorted ??= [...this.facts.keys()].sort());
    const lo = lowerBound(sorted, key);
    const a = sorted[lo];
    if (a === undefined || !a.startsWith(key)) return null;
    const b = sorted[lo + 1];
    return b !== undefined && b.startsWith(key) ? null : a;
  }

  /**
   * The commit and everything it was copied from, transitively (resolved ids; an origin outside
   * the universe stays as written). Two commits with a common root carry the same change.
   */
  roots(oid: string): string[] {
    const memo = this.rootsMemo.get(oid);
    if (memo) return memo;
    const out = new Set<string>([oid]);
    const stack = [oid];
    while (stack.length > 0) {
      const cur = stack.pop() as string;
      const f = this.facts.get(cur);
      if (!f) continue;
      for (const o of f.origins) {
        const r = this.resolve(o) ?? o;
        if (!out.has(r)) {
          out.add(r);
          stack.push(r);
        }
      }
    }
    const list = [...out];
    this.rootsMemo.set(oid, list);
    return list;
  }

  /** The cheap steps only (reachable, trailer, pull-request): no patch-id needed. */
  findCheap(oid: string, target: Target): Evidence | null {
    if (target.has(oid)) return { via: 'reachable', commit: oid };
    for (const c of this.cheapCarriers(oid)) if (target.has(c.commit)) return c;
    return null;
  }

  /**
   * Every commit that can carry `oid` by trailer or pull-request number, in the order
   * {@link findCheap} tries them (the first that a target has is its answer). Asking this once
   * per change and testing each carrier against every target is what coverage does for a
   * whole matrix. Empty for most commits.
   */
  cheapCarriers(oid: string): Evidence[] {
    const out: Evidence[] = [];
    const f = this.facts.get(oid);
    const roots = f && f.origins.length === 0 && !this.byRoot.has(oid) ? null : this.roots(oid);
    if (roots) {
      for (const r of roots) {
        if (r !== oid) out.push({ via: 'trailer', commit: r });
        for (const y of ids(this.byRoot.get(r))) if (y !== oid) out.push({ via: 'trailer', commit: y });
      }
    }
    if (f) {
      for (let k = f.ownPr !== null ? -1 : 0; k < f.backportOf.length; k++) {
        const p = k < 0 ? (f.ownPr as number) : (f.backportOf[k] as number);
        for (const y of this.byPr.get(p)) if (y !== oid) out.push({ via: 'pull-request', commit: y });
      }
    }
    const merge = this.mergeOf(oid);
    if (merge !== null) this.mergeCarriers(oid, merge, out);
    return out;
  }

  /** Carriers of the merge that brought `oid`: picks of it (by origin) and commits naming its pull request. */
  private mergeCarriers(oid: string, merge: string, out: Evidence[]): void {
    const m = this.facts.get(merge);
    if (!m) return;
    const add = (y: string): void => {
      if (y !== oid && y !== merge) out.push({ via: 'merge', commit: y, merge });
    };
    if (m.origins.length > 0 || this.byRoot.has(merge)) {
      for (const r of this.roots(merge)) {
        add(r);
        for (const y of ids(this.byRoot.get(r))) add(y);
      }
    }
    for (let k = m.ownPr !== null ? -1 : 0; k < m.backportOf.length; k++) {
      const p = k < 0 ? (m.ownPr as number) : (m.backportOf[k] as number);
      // Not the merge's own commits: a pull request's commits do not carry each other.
      for (const y of this.byPr.get(p)) if (this.mergeOf(y) !== merge) add(y);
    }
  }

  /**
   * True when the commit says it is a copy of another: an origin trailer or a backported pull
   * request, in its own message or in the message of the merge that brought it.
   */
  isCopy(oid: string): boolean {
    const f = this.facts.get(oid);
    if (f && (f.origins.length > 0 || f.backportOf.length > 0)) return true;
    const merge = this.mergeOf(oid);
    const m = merge === null ? undefined : this.facts.get(merge);
    return m !== undefined && (m.origins.length > 0 || m.backportOf.length > 0);
  }

  /**
   * The commits of the target whose patch-id must be compared with the change's: those that
   * change exactly the same paths. Empty when the change has no paths (merges, empty commits)
   * or they were not read; only commits whose paths were read are candidates.
   */
  patchIdCandidates(oid: string, target: Target): string[] {
    const cand = target.candidate ?? target.has;
    return this.samePaths(oid).filter((y) => y !== oid && cand.call(target, y));
  }

  /**
   * Every commit whose read paths are exactly `oid`'s, `oid` included, in index order (the
   * order {@link patchIdCandidates} keeps); none when its paths are unknown or empty. For a
   * caller that asks for several targets at once.
   */
  samePaths(oid: string): readonly string[] {
    const f = this.facts.get(oid);
    return f && f.pathsKey ? ids(this.byPaths.get(f.pathsKey)) : NO_IDS;
  }

  /** Every step in order; see the module comment. */
  find(oid: string, target: Target, opts: FindOptions = {}): Evidence | null {
    return this.findCheap(oid, target) ?? this.findCostly(oid, target, opts);
  }

  /**
   * The steps after the cheap ones (patch-id, then subject), for a caller that already knows
   * the cheap steps found nothing on this target (coverage's planner tested every carrier):
   * {@link find} is `findCheap ?? findCostly`.
   */
  findCostly(oid: string, target: Target, opts: FindOptions = {}): Evidence | null {
    if (opts.patchIds) {
      const pid = opts.patchIds.get(oid);
      if (pid) {
        for (const y of this.patchIdCandidates(oid, target)) if (opts.patchIds.get(y) === pid) return { via: 'patch-id', commit: y };
      }
    }
    if (opts.subject) {
      const same = this.sameSubject(oid);
      if (same.length > 0) {
        const cand = target.candidate ?? target.has;
        let mine = 0;
        for (const y of same) if (!cand.call(target, y)) mine++;
        // A subject written more than once on the change's side ("bump version") proves nothing.
        if (mine === 1) {
          for (const y of same) if (y !== oid && cand.call(target, y)) return { via: 'subject', commit: y };
        }
      }
    }
    return null;
  }

  /** Builds the index the subject step uses now (it is otherwise built on the first subject asked). */
  prepareSubjects(): void {
    this.subjectIndex();
  }

  /** The last {@link sameSubject} answer: a row asks it once per line, for the same commit. */
  private sameMemo: { oid: string; same: readonly string[] } | null = null;

  /**
   * The commits whose normalized subject is the change's (the change among them), or none when
   * the subject is too short to say anything. The same for every target: computed once per
   * change (the planner asks for each line in turn).
   */
  private sameSubject(oid: string): readonly string[] {
    if (this.sameMemo?.oid === oid) return this.sameMemo.same;
    const f = this.facts.get(oid);
    const key = f ? normalizeSubject(f.subject) : '';
    let same: readonly string[] = NO_IDS;
    if (key.length >= MIN_SUBJECT) {
      const h = subjectHash(key);
      same = this.subjectIndex().get(h);
      // The index is by hash: a bucket where two subjects collide is filtered to the exact one;
      // any other holds one subject, which is the change's own when the change is in it.
      const exact = (y: string): boolean => normalizeSubject(this.facts.get(y)?.subject ?? '') === key;
      if (this.mixedSubjects.has(h)) same = same.filter(exact);
      else if (same.length > 0 && !same.includes(oid) && !exact(same[0] as string)) same = NO_IDS;
    }
    this.sameMemo = { oid, same };
    return same;
  }

  private subjectIndex(): NumberIndex {
    if (!this.bySubject) {
      const hashes = new Float64Array(this.facts.size);
      const owners: string[] = [];
      for (const c of this.facts.values()) {
        if (c.parents > 1) continue;
        hashes[owners.length] = subjectHash(normalizeSubject(c.subject));
        owners.push(c.oid);
      }
      this.bySubject = new NumberIndex(hashes.subarray(0, owners.length), owners);
      // A bucket is mixed when one of its subjects differs from its first.
      const subjectOf = (id: string): string => normalizeSubject(this.facts.get(id)?.subject ?? '');
      this.bySubject.eachShared((h, list) => {
        const first = subjectOf(list[0] as string);
        for (let j = 1; j < list.length; j++) {
          if (subjectOf(list[j] as string) !== first) {
            this.mixedSubjects.add(h);
            return;
          }
        }
      });
    }
    return this.bySubject;
  }
}

/** FNV-1a over the UTF-16 code units, as a small integer (a map key that is not a string). */
export function subjectHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

const isFactsIndex = (x: Iterable<CommitFacts> | FactsIndex): x is FactsIndex =>
  typeof (x as FactsIndex).get === 'function' &&
  typeof (x as FactsIndex).has === 'function' &&
  typeof (x as FactsIndex).keys === 'function';

type Ids = string | string[];

function ids(v: Ids | undefined): readonly string[] {
  return v === undefined ? NO_IDS : typeof v === 'string' ? [v] : v;
}

function push<K>(m: Map<K, Ids>, k: K, v: string): void {
  const l = m.get(k);
  if (l === undefined) m.set(k, v);
  else if (typeof l === 'string') m.set(k, [l, v]);
  else l.push(v);
}
