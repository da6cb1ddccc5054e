/**
 * Commit facts of a long range stored by column, by graph index: the range's commits are found
 * by id through the graph's own id → index map (no second map of every commit), and what each
 * says is kept in typed arrays (parents, kind, flags, own pull request), one array of subjects
 * and one of paths keys, and a sparse map for the rare lists (origins, backports, reverts,
 * fixes, `Backport:` targets, pull-request references other than the commit's own). A
 * {@link CommitFacts} is made only when asked for, as a short-lived view over the columns.
 *
 * On the bench history (92,500 commits) this replaces 92,500 objects of 13 fields, a
 * `prRefs` array each and a 131,072-slot `Map` (about 20 MB of live heap) with about 3 MB of
 * columns. Commits outside the range (origins of picks read from older history; a few) stay
 * plain objects in a small `Map`. Written by hand: no library stores records by column behind
 * an object interface. Pure.
 *
 * Iteration (`keys`, `values`) is in graph order, then the outside commits in the order they
 * were added: the order does not depend on which facts came from a cache.
 */
import type { ChangeKind } from '../changes/kind.js';
import type { CommitFacts } from './commit-facts.js';
import type { FactsIndex } from './equivalence.js';
import type { RangeGraph } from './graph.js';

const KINDS: readonly ChangeKind[] = ['feature', 'bugfix', 'security', 'other'];
const KIND_CODE: Readonly<Record<ChangeKind, number>> = { feature: 0, bugfix: 1, security: 2, other: 3 };

const HAS = 1;
const OPT_OUT = 2;
const HAS_OWN_PR = 4;
/** `prRefs` is exactly `[ownPr]` (a squash merge: most commits). */
const PR_REFS_OWN = 8;
/** The commit has a record in the sparse map of rare lists. */
const RARE = 16;

interface Rare {
  origins: string[];
  backportOf: number[];
  prRefs: number[];
  reverts: string[];
  fixes: string[];
  backportTargets: string[];
}

const EMPTY: never[] = Object.freeze([]) as unknown as never[];

export class FactsStore implements FactsIndex {
  /** @internal (read by the views) */
  readonly flags: Uint8Array;
  /** @internal (read by the views) */
  readonly parentsOf: Uint8Array;
  /** @internal (read by the views) */
  readonly kindOf: Uint8Array;
  /** @internal (read by the views) */
  readonly ownPrOf: Float64Array;
  /** @internal (read by the views) */
  readonly subjectOf: string[];
  /** @internal (read by the views) */
  readonly pathsKeyOf: Array<string | null>;
  /** @internal */
  readonly rare = new Map<number, Rare>();
  private readonly outside = new Map<string, CommitFacts>();
  private count = 0;

  constructor(readonly graph: Pick<RangeGraph, 'oids' | 'index'>) {
    const n = graph.oids.length;
    this.flags = new Uint8Array(n);
    this.parentsOf = new Uint8Array(n);
    this.kindOf = new Uint8Array(n);
    this.ownPrOf = new Float64Array(n);
    this.subjectOf = new Array<string>(n).fill('');
    this.pathsKeyOf = new Array<string | null>(n).fill(null);
  }

  get size(): number {
    return this.count + this.outside.size;
  }

  /** Records the facts of `f.oid` (a commit of the range is copied into the columns). */
  set(f: CommitFacts): void {
    const i = this.graph.index.get(f.oid);
    if (i === undefined) {
      this.outside.set(f.oid, f);
      return;
    }
    if (!((this.flags[i] as number) & HAS)) this.count++;
    let flags = HAS;
    if (f.optOut) flags |= OPT_OUT;
    if (f.ownPr !== null) {
      flags |= HAS_OWN_PR;
      this.ownPrOf[i] = f.ownPr;
    }
    const prOwn = f.ownPr !== null && f.prRefs.length === 1 && f.prRefs[0] === f.ownPr;
    if (prOwn) flags |= PR_REFS_OWN;
    const rare =
      f.origins.length > 0 ||
      f.backportOf.length > 0 ||
      (f.prRefs.length > 0 && !prOwn) ||
      f.reverts.length > 0 ||
      f.fixes.length > 0 ||
      f.backportTargets.length > 0;
    if (rare) {
      flags |= RARE;
      this.rare.set(i, {
        origins: f.origins,
        backportOf: f.backportOf,
        prRefs: prOwn ? EMPTY : f.prRefs,
        reverts: f.reverts,
        fixes: f.fixes,
        backportTargets: f.backportTargets,
      });
    } else this.rare.delete(i);
    this.flags[i] = flags;
    this.parentsOf[i] = Math.min(255, f.parents);
    this.kindOf[i] = KIND_CODE[f.kind];
    this.subjectOf[i] = f.subject;
    this.pathsKeyOf[i] = f.pathsKey;
  }

  get(oid: string): CommitFacts | undefined {
    const i = this.graph.index.get(oid);
    return i === undefined ? this.outside.get(oid) : this.at(i);
  }

  /** The facts of the commit at graph index `i` (a view made now). */
  at(i: number): CommitFacts | undefined {
    return (this.flags[i] as number) & HAS ? new FactsView(this, i) : undefined;
  }

  /** The paths key of the commit at graph index `i` (null: not read), or undefined without facts; no view made. */
  pathsKeyAt(i: number): string | null | undefined {
    return (this.flags[i] as number) & HAS ? (this.pathsKeyOf[i] as string | null) : undefined;
  }

  has(oid: string): boolean {
    const i = this.graph.index.get(oid);
    return i === undefined ? this.outside.has(oid) : ((this.flags[i] as number) & HAS) !== 0;
  }

  /** The range's facts in graph order (views made as they are iterated). */
  *range(): IterableIterator<CommitFacts> {
    for (let i = 0; i < this.flags.length; i++) if ((this.flags[i] as number) & HAS) yield new FactsView(this, i);
  }

  *values(): IterableIterator<CommitFacts> {
    yield* this.range();
    yield* this.outside.values();
  }

  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.flags.length; i++) if ((this.flags[i] as number) & HAS) yield this.graph.oids[i] as string;
    yield* this.outside.keys();
  }
}

/**
 * One commit's facts read from the store's columns (a {@link CommitFacts} for code that wants
 * one; made on demand and not kept). `pathsKey` and `kind` can be set (paths read later, and
 * the kind a change rule on paths gives then); other fields are read-only in practice (setting
 * them is ignored).
 */
class FactsView implements CommitFacts {
  constructor(
    private readonly store: FactsStore,
    private readonly i: number,
  ) {}

  private rare(): Rare | undefined {
    return (this.store.flags[this.i] as number) & RARE ? this.store.rare.get(this.i) : undefined;
  }

  get oid(): string {
    return this.store.graph.oids[this.i] as string;
  }
  set oid(_: string) {}
  get subject(): string {
    return this.store.subjectOf[this.i] as string;
  }
  set subject(_: string) {}
  get parents(): number {
    return this.store.parentsOf[this.i] as number;
  }
  set parents(_: number) {}
  get kind(): ChangeKind {
    return KINDS[this.store.kindOf[this.i] as number] as ChangeKind;
  }
  set kind(v: ChangeKind) {
    this.store.kindOf[this.i] = KIND_CODE[v];
  }
  get ownPr(): number | null {
    return (this.store.flags[this.i] as number) & HAS_OWN_PR ? (this.store.ownPrOf[this.i] as number) : null;
  }
  set ownPr(_: number | null) {}
  get optOut(): boolean {
    return ((this.store.flags[this.i] as number) & OPT_OUT) !== 0;
  }
  set optOut(_: boolean) {}
  get prRefs(): number[] {
    if ((this.store.flags[this.i] as number) & PR_REFS_OWN) return [this.store.ownPrOf[this.i] as number];
    return this.rare()?.prRefs ?? EMPTY;
  }
  set prRefs(_: number[]) {}
  get origins(): string[] {
    return this.rare()?.origins ?? EMPTY;
  }
  set origins(_: string[]) {}
  get backportOf(): number[] {
    return this.rare()?.backportOf ?? EMPTY;
  }
  set backportOf(_: number[]) {}
  get reverts(): string[] {
    return this.rare()?.reverts ?? EMPTY;
  }
  set reverts(_: string[]) {}
  get fixes(): string[] {
    return this.rare()?.fixes ?? EMPTY;
  }
  set fixes(_: string[]) {}
  get backportTargets(): string[] {
    return this.rare()?.backportTargets ?? EMPTY;
  }
  set backportTargets(_: string[]) {}
  get pathsKey(): string | null {
    return this.store.pathsKeyOf[this.i] as string | null;
  }
  set pathsKey(v: string | null) {
    this.store.pathsKeyOf[this.i] = v;
  }
}
