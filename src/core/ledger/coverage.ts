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
import { Equivalence, type Evidence, type Target, type Via } from './equivalence.js';
import type { Reach } from './graph.js';

export type CoverageState = 'present' | 'probable' | 'pending' | 'missing' | 'not-needed';
export const COVERAGE_STATES: readonly CoverageState[] = ['present', 'probable', 'pending', 'missing', 'not-needed'];

/** A release line as the ledger needs it (the release-lines module provides these). */
export interface LedgerLine {
  /** `0.5`, `3.1`. */
  key: string;
  /** The line's branch (short name). */
  branch: string;
  /** Support status today: prerelease, full, bugfix, security, end-of-life. */
  status: string;
  /**
   * A commit on the line near where it started (its oldest tag), used to find the fork point
   * when the branch has been merged back into main (then the branch tip is no guide).
   */
  anchor?: string | null;
}

/** One cell of the matrix. */
export interface CellState {
  state: CoverageState;
  /** How it was found (present, probable, pending), else null. */
  via: Via | null;
  /** The target's commit that carries it (or the backport branch's tip), else null. */
  commit: string | null;
  /** Why (not-needed, missing), else null. */
  reason: string | null;
}

/** One row of the matrix. */
export interface ChangeCoverage {
  commit: string;
  subject: string;
  kind: ChangeKind;
  /** Line key (or the development branch's name for fixes made on a line first) → state. */
  states: Record<string, CellState>;
}

/** The result: the stable JSON shape of `trellis missing --json`. */
export interface CoverageReport {
  since: string;
  lines: string[];
  changes: ChangeCoverage[];
}

/** A backport branch named by the policy's template. */
export interface BackportBranch {
  name: string;
  /** Line key from `{line}` (or resolved from `{branch}`). */
  line: string;
  /** `{sha}` (a prefix of the change's id), when the template has it. */
  sha: string | null;
  /** `{pr}`, when the template has it. */
  pr: number | null;
  tip: string;
}

/** An entry of the policy's opt-out file. */
export interface OptOutEntry {
  /** Full or abbreviated commit id. */
  commit: string;
  /** Lines it applies to (empty: all). */
  lines: string[];
  reason: string;
}

/** What the fix named by a `Fixes:` trailer is, as the facts layer resolved it. */
export type FixedCommit =
  | { where: 'range'; oid: string }
  /** Older than the range: every line forked from the range's base contains it. */
  | { where: 'before'; oid: string }
  | { where: 'unknown' };

/** Everything the matrix is computed from. */
export interface CoverageInput {
  /** What `since` means, as shown (`v0.4.0`, `2025-01-01`, a commit id). */
  since: string;
  /** The development branch (short name). */
  mainBranch: string;
  /** Columns, in output order. */
  lines: readonly LedgerLine[];
  /**
   * Reachability with tip 0 = the development branch and tip i+1 = `lines[i]`; other tips may
   * follow (backport branches).
   */
  reach: Reach;
  /** The range's commits and any origins read beyond it. */
  equivalence: Equivalence;
  /** Commits in the range, newest first (the rows are taken from these). */
  commits: readonly CommitFacts[];
  /** Which statuses take which kinds (the policy's `backport.kinds`). */
  kinds: Readonly<Record<'feature' | 'bugfix' | 'security', readonly string[]>>;
  optOuts: readonly OptOutEntry[];
  backportBranches: readonly BackportBranch[];
  /** Resolves `Fixes:` ids. */
  fixed(id: string): FixedCommit;
  /** Only these kinds (default: all). */
  kindFilter?: readonly ChangeKind[];
}

interface Row {
  facts: CommitFacts;
  /** Tip that is the change's home: 0 for main, i+1 for a fix made on line i first. */
  home: number;
  /** Column keys of this row and their tip numbers. */
  columns: Array<{ key: string; tip: number; line: LedgerLine | null }>;
  cheap: Map<string, Evidence | null>;
}

const short = (oid: string): string => oid.slice(0, 10);

/** Plans and finishes the matrix; see the module comment. */
export class CoveragePlanner {
  private readonly rows: Row[] = [];
  private readonly targets: Target[];
  private readonly revertedBy = new Map<string, string>();

  constructor(private readonly input: CoverageInput) {
    const { reach, lines, equivalence } = input;
    const index = reach.graph.index;
    this.targets = [0, ...lines.map((_, i) => i + 1)].map((tip) => ({
      has: (oid: string) => reach.reaches(tip, oid),
    }));
    const mainCols = lines.map((l, i) => ({ key: l.key, tip: i + 1, line: l }));
    for (const c of input.commits) {
      const i = index.get(c.oid);
      if (i === undefined || c.parents > 1) continue;
      if (reach.has(i, 0)) {
        for (const r of c.reverts) {
          const target = equivalence.resolve(r);
          if (target) this.revertedBy.set(target, c.oid);
        }
      }
    }
    const wanted = (k: ChangeKind): boolean => !input.kindFilter || input.kindFilter.length === 0 || input.kindFilter.includes(k);
    // Changes of the development branch.
    for (const c of input.commits) {
      const i = index.get(c.oid);
      if (i === undefined || c.parents > 1 || !reach.has(i, 0) || !wanted(c.kind)) continue;
      this.rows.push({ facts: c, home: 0, columns: mainCols, cheap: new Map() });
    }
    // Fixes made first on a line: on a line, not on main, not themselves copies of something.
    for (const c of input.commits) {
      const i = index.get(c.oid);
      if (i === undefined || c.parents > 1 || reach.has(i, 0)) continue;
      if (c.kind !== 'bugfix' && c.kind !== 'security') continue;
      if (!wanted(c.kind) || c.origins.length > 0 || c.backportOf.length > 0) continue;
      const home = lines.findIndex((_, k) => reach.has(i, k + 1));
      if (home < 0) continue;
      // A fix on an older line that a newer line also has by reachability is the same commit; only
      // report it once, from the oldest line that has it.
      const cols = [
        ...lines.map((l, k) => ({ key: l.key, tip: k + 1, line: l })),
        { key: input.mainBranch, tip: 0, line: null },
      ];
      this.rows.push({ facts: c, home: home + 1, columns: cols, cheap: new Map() });
    }
    for (const row of this.rows) {
      for (const col of row.columns) row.cheap.set(col.key, equivalence.findCheap(row.facts.oid, this.targets[col.tip] as Target));
    }
    // A line-first fix that main has (carried forward with a trailer or PR) is not a reverse change.
    for (let k = this.rows.length - 1; k >= 0; k--) {
      const row = this.rows[k] as Row;
      if (row.home !== 0 && row.cheap.get(input.mainBranch)) this.rows.splice(k, 1);
    }
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
  private worthComparing(row: Row, col: Row['columns'][number]): boolean {
    if (row.cheap.get(col.key) || col.tip === row.home) return false;
    const fb = this.fallback(row, col);
    return fb.state === 'missing' || fb.state === 'pending';
  }

  /**
   * Commits whose patch-ids pass two needs: the changes still unresolved where the line needs
   * them, and their same-path candidates on that line.
   */
  patchIdsNeeded(): string[] {
    const need = new Set<string>();
    for (const row of this.rows) {
      for (const col of row.columns) {
        if (!this.worthComparing(row, col)) continue;
        const cands = this.input.equivalence.patchIdCandidates(row.facts.oid, this.target(row, col.tip));
        if (cands.length === 0) continue;
        need.add(row.facts.oid);
        for (const y of cands) need.add(y);
      }
    }
    return [...need];
  }

  /** Decides every cell with the patch-ids of {@link patchIdsNeeded}. */
  finish(patchIds: ReadonlyMap<string, string | null>): CoverageReport {
    const { input } = this;
    const changes: ChangeCoverage[] = [];
    for (const row of this.rows) {
      const states: Record<string, CellState> = {};
      for (const col of row.columns) {
        let ev = row.cheap.get(col.key) ?? null;
        if (!ev && this.worthComparing(row, col)) {
          ev = input.equivalence.find(row.facts.oid, this.target(row, col.tip), { patchIds, subject: true });
        }
        states[col.key] = ev ? this.evidenceCell(ev) : this.fallback(row, col);
      }
      changes.push({ commit: row.facts.oid, subject: row.facts.subject, kind: row.facts.kind, states });
    }
    return { since: input.since, lines: input.lines.map((l) => l.key), changes };
  }

  private evidenceCell(ev: Evidence): CellState {
    const state: CoverageState = ev.via === 'subject' ? 'probable' : 'present';
    return { state, via: ev.via, commit: ev.commit, reason: null };
  }

  private readonly fallbacks = new Map<Row, Map<string, CellState>>();

  /** The state of a cell when no evidence is found: pending, not-needed (why) or missing (why). */
  private fallback(row: Row, col: Row['columns'][number]): CellState {
    let m = this.fallbacks.get(row);
    if (!m) this.fallbacks.set(row, (m = new Map()));
    let cell = m.get(col.key);
    if (!cell) m.set(col.key, (cell = this.decide(row, col)));
    return cell;
  }

  private decide(row: Row, col: Row['columns'][number]): CellState {
    const c = row.facts;
    const notNeeded = (reason: string): CellState => this.shared('not-needed', reason);
    const line = col.line;
    if (line) {
      const pending = this.input.backportBranches.find(
        (b) =>
          b.line === line.key &&
          ((b.sha !== null && b.sha.length >= 7 && c.oid.startsWith(b.sha)) || (b.pr !== null && b.pr === c.ownPr)) &&
          !this.input.reach.reaches(col.tip, b.tip),
      );
      if (pending) return { state: 'pending', via: 'branch', commit: pending.tip, reason: `backport branch ${pending.name} is not merged` };
    }
    if (c.optOut) return notNeeded('opted out by a "Backport: no" trailer');
    if (line && c.backportTargets.length > 0 && !c.backportTargets.includes(line.key)) {
      return notNeeded(`its Backport: trailer names only ${c.backportTargets.join(', ')}`);
    }
    const opt = this.input.optOuts.find(
      (o) => c.oid.startsWith(o.commit.toLowerCase()) && (o.lines.length === 0 || (line !== null && o.lines.includes(line.key))),
    );
    if (opt) return notNeeded(`opted out: ${opt.reason}`);
    const revertedBy = this.revertedBy.get(c.oid);
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
    if (line.status === 'end-of-life' || line.status === 'eol') return notNeeded(`${line.key} is end-of-life`);
    for (const f of c.fixes) {
      const fx = this.input.fixed(f);
      if (fx.where !== 'range') continue;
      const onLine = this.input.equivalence.findCheap(fx.oid, { has: (o) => this.input.reach.reaches(col.tip, o) });
      if (!onLine) return notNeeded(`the bug came with ${short(fx.oid)}, which ${line.key} does not have`);
    }
    if (kind === 'other') return notNeeded('not a feature, bug fix or security fix');
    const admitted = this.input.kinds[kind];
    if (!admitted.includes(line.status)) {
      return notNeeded(`${kind} changes do not go to ${line.status} lines`);
    }
    if (row.home !== 0) {
      return this.shared('missing', `fixed on ${this.homeName(row)} first; ${line.key} takes ${kind} changes`);
    }
    return this.shared('missing', `${line.key} is a ${line.status} line and takes ${kind} changes`);
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

  private homeName(row: Row): string {
    return this.input.lines[row.home - 1]?.key ?? this.input.mainBranch;
  }
}

/** Computes the report when patch-ids are at hand (tests, small histories): both passes at once. */
export function computeCoverage(input: CoverageInput, patchIdsOf: (oids: string[]) => ReadonlyMap<string, string | null>): CoverageReport {
  const planner = new CoveragePlanner(input);
  return planner.finish(patchIdsOf(planner.patchIdsNeeded()));
}

/** True when a security change is missing on a line that must have it (exit 1). */
export function securityMissing(report: CoverageReport): boolean {
  return report.changes.some((c) => c.kind === 'security' && Object.values(c.states).some((s) => s.state === 'missing'));
}

/** Counts of each state per column. */
export function summarize(report: CoverageReport): Record<string, Record<CoverageState, number>> {
  const out: Record<string, Record<CoverageState, number>> = {};
  for (const c of report.changes) {
    for (const [k, s] of Object.entries(c.states)) {
      const row = (out[k] ??= { present: 0, probable: 0, pending: 0, missing: 0, 'not-needed': 0 });
      row[s.state]++;
    }
  }
  return out;
}
