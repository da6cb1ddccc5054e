/**
 * The coverage matrix: for every change on the development branch (and every fix made first on
 * a release line) and every maintained line, one state — present, probable, pending, missing or
 * not-needed — with the evidence or the reason. Pure: the facts layer reads the commits,
 * reachability, patch-ids, branches and opt-outs; this module only decides.
 *
 * It runs in two passes so that patch-ids are asked only where they can matter: pass one
 * settles what reachability, trailers and pull-request numbers settle and lists, for the rest,
 * the commits whose patch-ids must be compared ({@link CoveragePlanner.patchIdsNeeded}); pass
 * two ({@link CoveragePlanner.finish}) decides everything with those patch-ids.
 */
import type { ChangeKind } from '../changes/kind.js';
import type { CommitFacts } from './commit-facts.js';
import type { Evidence, Target } from './equivalence.js';
import { branchIsFor } from './backport-branches.js';
import { revertsOnMain, selectRows } from './rows.js';
import { backportStatusLabel } from '../vocabulary.js';
import type { BackportBranch, CellState, ChangeCoverage, CoverageInput, CoverageLine, CoverageReport, CoverageState } from './types.js';

interface Row {
  facts: CommitFacts;
  /** The commit's index in the reachability graph. */
  index: number;
  /** Tip that is the change's home: 0 for main, i+1 for a fix made on line i first. */
  home: number;
  /** Column keys of this row and their tip numbers. */
  columns: readonly Column[];
  /** Commits that carry the change by trailer or pull-request number, in the order tried. */
  carriers: readonly Evidence[];
  /** Graph index of each carrier (-1: outside the range, so on no branch read). */
  carrierIndex: readonly number[];
}

interface Column {
  key: string;
  tip: number;
  line: CoverageLine | null;
}

const short = (oid: string): string => oid.slice(0, 10);
const NONE: readonly number[] = Object.freeze([]);
const NO_CARRIERS: readonly Evidence[] = Object.freeze([]);
const KIND_CODE: Readonly<Record<ChangeKind, number>> = { feature: 0, bugfix: 1, security: 2, other: 3 };
/** Carriers a cell's cheap byte can name (values 2..255). */
const MAX_CHEAP = 254;

/**
 * Plans and finishes the matrix; see the module comment.
 *
 * Memory and time are linear in rows + cells with small constants: a 75,000-change, 10-line
 * matrix is 750,000 cells, so cells are never objects until the report is built, and then only
 * the ones that say something of their own are new objects (a reachable cell is shared by the
 * row, a not-needed or missing cell by every cell with the same reason). Per cell the planner
 * keeps one byte (which carrier, if any, found it cheaply) in a typed array.
 */
export class CoveragePlanner {
  /**
   * Rows, by column (a row object each would be 100,000 objects): the change's facts, its graph
   * index, its home tip, and for the few rows with carriers their lists. {@link rowAt} makes a
   * short-lived {@link Row} view.
   */
  private rowFacts: CommitFacts[] = [];
  private rowIndex = new Int32Array(0);
  private rowHome = new Int32Array(0);
  private readonly rowCarriers = new Map<number, { carriers: readonly Evidence[]; carrierIndex: readonly number[] }>();
  private readonly mainCols: readonly Column[];
  private readonly reverseCols: readonly Column[];
  private readonly revertedBy: ReadonlyMap<string, string>;
  /** Per cell (row-major, `width` columns): 0 none, 1 reachable, k+2 the row's carrier k. */
  private cheap = new Uint8Array(0);
  /** Per cell: 0 not asked yet, 1 not worth comparing, 2 worth comparing (see worthComparing). */
  private worth = new Uint8Array(0);
  private width = 0;
  /** Backport branches by line key. */
  private readonly branchesByLine = new Map<string, BackportBranch[]>();

  constructor(private readonly input: CoverageInput) {
    const { lines, equivalence } = input;
    const mainCols: Column[] = lines.map((l, i) => ({ key: l.key, tip: i + 1, line: l }));
    const reverseCols: Column[] = [...mainCols, { key: input.mainBranch, tip: 0, line: null }];
    this.mainCols = mainCols;
    this.reverseCols = reverseCols;
    this.width = reverseCols.length;
    for (const b of input.backportBranches) {
      const l = this.branchesByLine.get(b.line);
      if (l) l.push(b);
      else this.branchesByLine.set(b.line, [b]);
    }
    this.revertedBy = revertsOnMain(input);
    // Rows by column from the start: the main branch's changes, then the reverse ones.
    const { facts, at, homes } = selectRows(input);
    // Most rows have no carrier: one shared empty list instead of one per row. A list grown by
    // push has room for 17: kept, it is copied to its exact length.
    const carriers = facts.map((c) => {
      const found = equivalence.cheapCarriers(c.oid);
      return found.length === 0 ? NO_CARRIERS : found.slice();
    });
    this.setRows(facts, at, homes, carriers);
    // Main-first: a line-first fix that main has (carried forward with a trailer or PR) is not a
    // reverse change (main's copy is a row). Line-first: main having it is the answer sought.
    const mainCol = reverseCols.length - 1;
    const keep = (r: number): boolean => input.flow === 'line-first' || homes[r] === 0 || this.cheap[r * this.width + mainCol] === 0;
    let kept = 0;
    for (let r = 0; r < facts.length; r++) if (keep(r)) kept++;
    if (kept !== facts.length) {
      const rs = facts.map((_, r) => r).filter(keep);
      this.setRows(
        rs.map((r) => facts[r] as CommitFacts),
        rs.map((r) => at[r] as number),
        rs.map((r) => homes[r] as number),
        rs.map((r) => carriers[r] as readonly Evidence[]),
      );
    }
    this.worth = new Uint8Array(this.cheap.length);
  }

  /** Stores the rows by column and finds their cheap cells. */
  private setRows(
    facts: CommitFacts[],
    at: readonly number[],
    homes: readonly number[],
    carriers: ReadonlyArray<readonly Evidence[]>,
  ): void {
    const n = facts.length;
    const index = this.input.reach.graph.index;
    this.rowFacts = facts;
    this.rowIndex = Int32Array.from(at);
    this.rowHome = Int32Array.from(homes);
    this.rowCarriers.clear();
    carriers.forEach((list, r) => {
      if (list.length > 0) this.rowCarriers.set(r, { carriers: list, carrierIndex: list.map((c) => index.get(c.commit) ?? -1) });
    });
    this.cheap = new Uint8Array(n * this.width);
    for (let r = 0; r < n; r++) this.findCheapRow(r);
  }

  /** Row `r` as an object (made on demand; not kept). */
  private rowAt(r: number): Row {
    const home = this.rowHome[r] as number;
    const c = this.rowCarriers.get(r);
    return {
      facts: this.rowFacts[r] as CommitFacts,
      index: this.rowIndex[r] as number,
      home,
      columns: home === 0 ? this.mainCols : this.reverseCols,
      carriers: c ? c.carriers : NO_CARRIERS,
      carrierIndex: c ? c.carrierIndex : NONE,
    };
  }

  /** The cheap steps for every column of row `r`, as {@link Equivalence.findCheap} would answer. */
  private findCheapRow(r: number): void {
    const row = this.rowAt(r);
    const reach = this.input.reach;
    const base = r * this.width;
    for (let k = 0; k < row.columns.length; k++) {
      const tip = (row.columns[k] as Column).tip;
      if (reach.has(row.index, tip)) {
        this.cheap[base + k] = 1;
        continue;
      }
      for (let j = 0; j < row.carriers.length && j < MAX_CHEAP; j++) {
        const ci = row.carrierIndex[j] as number;
        if (ci >= 0 && reach.has(ci, tip)) {
          this.cheap[base + k] = j + 2;
          break;
        }
      }
    }
  }

  private cheapOf(r: number, k: number): Evidence | null {
    const row = this.rowAt(r);
    const v = this.cheap[r * this.width + k] as number;
    if (v === 0) return null;
    if (v === 1) return { via: 'reachable', commit: row.facts.oid };
    return row.carriers[v - 2] as Evidence;
  }

  /** The target of a column for a row: patch-id and subject candidates exclude the row's home. */
  private target(row: Row, tip: number): Target {
    const reach = this.input.reach;
    return {
      has: (oid) => reach.reaches(tip, oid),
      candidate: (oid) => reach.reaches(tip, oid) && !reach.reaches(row.home, oid),
    };
  }

  /**
   * True when a cell is worth the patch-id and subject steps: nothing cheap found it, and
   * without evidence the line would need it (missing) or a backport branch is open (pending).
   * A change the line does not need stays not-needed however it might match.
   */
  private worthComparing(r: number, k: number): boolean {
    const at = r * this.width + k;
    const memo = this.worth[at] as number;
    if (memo !== 0) return memo === 2;
    const row = this.rowAt(r);
    const col = row.columns[k] as Column;
    let yes = false;
    if (this.cheap[at] === 0 && col.tip !== row.home) {
      const fb = this.decide(row, col);
      yes = fb.state === 'missing' || fb.state === 'pending';
    }
    this.worth[at] = yes ? 2 : 1;
    return yes;
  }

  /**
   * The commits whose changed paths {@link patchIdsNeeded} needs (paths are read only where a
   * patch-id can matter): `changes`, the changes with a cell worth comparing, and `pool`, every
   * commit those cells could be compared with (on that cell's line, not on the change's home:
   * for the development branch's changes, the line's own commits).
   */
  pathsWanted(): { changes: string[]; pool: string[] } {
    const changes: string[] = [];
    const pairs = new Set<number>();
    for (let r = 0; r < this.rowFacts.length; r++) {
      const row = this.rowAt(r);
      if (row.facts.pathsKey === '') continue;
      let any = false;
      for (let k = 0; k < row.columns.length; k++) {
        if (!this.worthComparing(r, k)) continue;
        any = true;
        pairs.add(row.home * 65536 + (row.columns[k] as Column).tip);
      }
      if (any) changes.push(row.facts.oid);
    }
    const pool: string[] = [];
    const { reach, equivalence } = this.input;
    const oids = reach.graph.oids;
    const list = [...pairs].map((p) => [Math.floor(p / 65536), p % 65536] as const);
    if (list.length > 0) {
      for (let i = 0; i < oids.length; i++) {
        for (const [home, tip] of list) {
          if (reach.has(i, tip) && !reach.has(i, home)) {
            const oid = oids[i] as string;
            if ((equivalence.get(oid)?.parents ?? 0) <= 1) pool.push(oid);
            break;
          }
        }
      }
    }
    return { changes, pool };
  }

  /**
   * Commits whose patch-ids pass two needs: the changes still unresolved where the line needs
   * them, and their same-path candidates on that line.
   */
  patchIdsNeeded(): string[] {
    const need = new Set<string>();
    const { reach, equivalence } = this.input;
    const cands: string[] = [];
    for (let r = 0; r < this.rowFacts.length; r++) {
      const row = this.rowAt(r);
      if (!row.facts.pathsKey) continue;
      // The change's same-path commits and their graph indexes, found once for the row (not
      // once per line): each line's candidates are those its tip reaches and the home does not,
      // as Equivalence.patchIdCandidates with this.target() finds them.
      let same: readonly string[] | null = null;
      let at: Int32Array | null = null;
      for (let k = 0; k < row.columns.length; k++) {
        if (!this.worthComparing(r, k)) continue;
        same ??= equivalence.samePaths(row.facts.oid);
        at ??= Int32Array.from(same, (y) => reach.graph.index.get(y) ?? -1);
        const tip = (row.columns[k] as Column).tip;
        cands.length = 0;
        for (let j = 0; j < same.length; j++) {
          const i = at[j] as number;
          if (i >= 0 && same[j] !== row.facts.oid && reach.has(i, tip) && !reach.has(i, row.home)) cands.push(same[j] as string);
        }
        if (cands.length === 0) continue;
        need.add(row.facts.oid);
        for (const y of cands) need.add(y);
      }
    }
    return [...need];
  }

  /** Decides every cell with the patch-ids of {@link patchIdsNeeded}. */
  finish(patchIds: ReadonlyMap<string, string | null>): CoverageReport {
    const changes: ChangeCoverage[] = [];
    for (let r = 0; r < this.rowFacts.length; r++) changes.push(this.finishRow(r, patchIds));
    return { since: this.input.since, lines: this.input.lines.map((l) => l.key), changes };
  }

  /** The number of rows (changes) of the report. */
  get size(): number {
    return this.rowFacts.length;
  }

  /**
   * One row of the report, decided with the patch-ids of {@link patchIdsNeeded}. Rows can be
   * built one at a time (and dropped once written) so a huge report need not be held at once.
   */
  finishRow(r: number, patchIds: ReadonlyMap<string, string | null>): ChangeCoverage {
    const row = this.rowAt(r);
    const states: Record<string, CellState> = {};
    let reachable: CellState | null = null;
    for (let k = 0; k < row.columns.length; k++) {
      const col = row.columns[k] as Column;
      const v = this.cheap[r * this.width + k] as number;
      let cell: CellState;
      if (v === 1) cell = reachable ??= { state: 'present', via: 'reachable', commit: row.facts.oid, reason: null };
      else if (v > 1) cell = this.evidenceCell(row.carriers[v - 2] as Evidence);
      else {
        // The cheap steps found nothing here (every carrier was tested when planned, unless
        // there were more than the cheap byte can name): only the costly steps are left.
        const eq = this.input.equivalence;
        const ev = !this.worthComparing(r, k)
          ? null
          : row.carriers.length <= MAX_CHEAP
            ? eq.findCostly(row.facts.oid, this.target(row, col.tip), { patchIds, subject: true })
            : eq.find(row.facts.oid, this.target(row, col.tip), { patchIds, subject: true });
        cell = ev ? this.evidenceCell(ev) : this.decide(row, col);
      }
      states[col.key] = cell;
    }
    return { commit: row.facts.oid, subject: row.facts.subject, kind: row.facts.kind, states };
  }

  /** The state of a cell when no evidence is found: pending, not-needed (why) or missing (why). */
  private decide(row: Row, col: Column): CellState {
    const c = row.facts;
    const notNeeded = (reason: string): CellState => this.shared('not-needed', reason);
    const line = col.line;
    if (line) {
      const pending = this.branchesByLine.get(line.key)?.find((b) => branchIsFor(b, c) && !this.input.reach.reaches(col.tip, b.tip));
      if (pending) return { state: 'pending', via: 'branch', commit: pending.tip, reason: `backport branch ${pending.name} is not merged` };
    }
    if (c.optOut) return notNeeded('opted out by a "Backport: no" trailer');
    if (line && c.backportTargets.length > 0 && !c.backportTargets.includes(line.key)) {
      return notNeeded(`its Backport: trailer names only ${c.backportTargets.join(', ')}`);
    }
    if (this.input.optOuts.length > 0) {
      const opt = this.input.optOuts.find(
        (o) => c.oid.startsWith(o.commit.toLowerCase()) && (o.lines.length === 0 || (line !== null && o.lines.includes(line.key))),
      );
      if (opt) return notNeeded(`opted out: ${opt.reason}`);
    }
    const revertedBy = this.revertedBy.size > 0 ? this.revertedBy.get(c.oid) : undefined;
    if (revertedBy && line) return notNeeded(`reverted on ${this.input.mainBranch} by ${short(revertedBy)}`);
    let kind: ChangeKind = c.kind;
    if (c.reverts.length > 0 && line) {
      const reverted = c.reverts.map((r) => this.input.equivalence.resolve(r)).find((r): r is string => r !== null);
      if (reverted) {
        const onLine = this.input.equivalence.findCheap(reverted, { has: (o) => this.input.reach.reaches(col.tip, o) });
        if (!onLine) return notNeeded(`reverts ${short(reverted)}, which ${line.key} does not have`);
        kind = this.input.equivalence.get(reverted)?.kind ?? kind;
        if (kind === 'other') kind = 'bugfix';
      }
    }
    if (!line) {
      // The development branch column of a fix made on a line first: it must not regress on upgrade.
      return this.shared('missing', `fixed on ${this.homeName(row)} first; ${this.input.mainBranch} does not have it`);
    }
    if (line.status === 'end-of-life') return notNeeded(`${line.key} is end-of-life`);
    for (const f of c.fixes) {
      const fx = this.input.fixed(f);
      if (fx.where !== 'range') continue;
      const onLine = this.input.equivalence.findCheap(fx.oid, { has: (o) => this.input.reach.reaches(col.tip, o) });
      if (!onLine) return notNeeded(`the bug came with ${short(fx.oid)}, which ${line.key} does not have`);
    }
    return this.byKind(row.home, col.tip, line, kind);
  }

  private readonly kindCells = new Map<number, CellState>();

  /**
   * The kind-and-status rule (the common case), one shared cell per home, line and kind (keyed
   * by number: this runs for most cells of a long matrix, and a string key per call showed in
   * profiles).
   */
  private byKind(home: number, tip: number, line: CoverageLine, kind: ChangeKind): CellState {
    const key = (home * 65536 + tip) * 4 + KIND_CODE[kind];
    let cell = this.kindCells.get(key);
    if (cell) return cell;
    if (kind === 'other') cell = this.shared('not-needed', 'not a feature, bug fix or security fix');
    else if (!this.input.kinds[kind].includes(line.status))
      cell = this.shared('not-needed', `${kind} changes do not go to ${backportStatusLabel(line.status)} lines`);
    else if (home !== 0)
      cell = this.shared(
        'missing',
        `fixed on ${this.input.lines[home - 1]?.key ?? this.input.mainBranch} first; ${line.key} takes ${kind} changes`,
      );
    else cell = this.shared('missing', `${line.key} is a ${backportStatusLabel(line.status)} line and takes ${kind} changes`);
    this.kindCells.set(key, cell);
    return cell;
  }

  private readonly cells = new Map<string, CellState>();

  /** Cells without a commit are shared: a 100,000-change matrix repeats a few reasons. */
  private shared(state: CoverageState, reason: string): CellState {
    const key = `${state}\0${reason}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = Object.freeze({ state, via: null, commit: null, reason });
      this.cells.set(key, cell);
    }
    return cell;
  }

  /** A cell found by evidence; one found through a merge names the merge (and its pull request). */
  private evidenceCell(ev: Evidence): CellState {
    const state: CoverageState = ev.via === 'subject' ? 'probable' : 'present';
    let reason: string | null = null;
    if (ev.merge) {
      const pr = this.input.equivalence.get(ev.merge)?.ownPr ?? null;
      reason = `came with merge ${short(ev.merge)}${pr !== null ? ` (#${pr})` : ''}`;
    }
    return { state, via: ev.via, commit: ev.commit, reason };
  }

  private homeName(row: Row): string {
    return this.input.lines[row.home - 1]?.key ?? this.input.mainBranch;
  }
}

/** Computes the report when patch-ids are at hand (tests, small histories): both passes at once. */
export function computeCoverage(input: CoverageInput, patchIdsOf: (oids: string[]) => ReadonlyMap<string, string | null>): CoverageReport {
  const planner = new CoveragePlanner(input);
  return planner.finish(patchIdsOf(planner.patchIdsNeeded()));
}
