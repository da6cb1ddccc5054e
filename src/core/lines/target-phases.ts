/**
 * Goose-style phases (the policy has `phases`; DuckDB works the same way): the phase on the day
 * (from `phases.current`, else the last `phases.schedule` entry started by then, else the
 * branches: a branch for a line newer than the newest release means pre-release) picks the row of
 * the merge-target table; `phases.targets` says main/current/next per change kind. A fix merged
 * into a release branch is merged back into main.
 */
import { TrellisError } from '../errors.js';
import type { Phase } from '../policy/schema.js';
import { compareLineKeys, nextLineKey } from './discover.js';
import { backportsOf, baseAdvice, nextPatchOf, supportText, targetContext, type ForTarget, type TargetContext } from './target-context.js';
import { PHASE_TARGETS, type TargetAdvice, type TargetInput, type TargetKind, type TargetRule } from './target-types.js';
import type { ReleaseLine } from './types.js';

/** Where a change is meant to ship, relative to the cycle: an older line, the current one, the next, the one after. */
type Rel = 'older' | 'current' | 'next' | 'after';

/** The cycle on the day: the phase, the current line, the line being prepared and the one after it. */
interface Cycle {
  ctx: TargetContext;
  f: ForTarget | null;
  phase: Phase;
  source: string;
  main: string;
  current: ReleaseLine | null;
  curKey: string | null;
  nextK: string | null;
  nextBranch: string | null;
  afterK: string | null;
  afterBranch: string | null;
  rules: Record<TargetKind, TargetRule>;
  fix: boolean;
  words: string;
}

/** One model answer: where the change goes, or where to look instead (`redirect`). */
interface Answer {
  allowed: boolean;
  branch: string;
  line: string | null;
  release: string | null;
  reason: string;
  redirect?: Rel;
  note?: string;
}

export function phasesModel(input: TargetInput, f: ForTarget | null): TargetAdvice {
  const ctx = targetContext(input);
  const a = baseAdvice(input, 'phases');
  const c = cycleOf(ctx, f);
  a.phase = c.phase;
  a.phaseSource = c.source;
  const phases = input.policy.phases!;

  // The policy's table is honoured inside answer(): a lenient `phases.targets` keeps its branch allowed.
  const rel = relationOf(c);
  let ans = answer(c, rel);
  const reasons = [ans.reason];
  let allowed = ans.allowed;
  const seen = new Set<Rel>([rel]);
  while (ans.redirect && !seen.has(ans.redirect)) {
    seen.add(ans.redirect);
    ans = answer(c, ans.redirect);
    allowed = false;
    reasons.push(ans.reason);
  }
  a.allowed = allowed;
  a.branch = ans.branch;
  a.line = ans.line;
  a.release = ans.release;
  a.reason = reasons.join('; ');
  if (ans.note) a.notes.push(ans.note);
  if (!f)
    a.notes.push(
      `phases.targets.${c.phase}.${input.kind} = ${c.rules[input.kind]}${phases.targets[c.phase]?.[input.kind] ? '' : ' (Goose-style phases default)'}`,
    );

  // The branches of the main release cycle are merged back into main (an older LTS line is not).
  const cycleBranches = [c.current?.branch, c.nextBranch, c.afterBranch].filter((b): b is string => !!b);
  if (a.branch !== c.main && cycleBranches.includes(a.branch)) a.mergeBack = [c.main];
  if (c.fix) {
    const exclude = new Set([...(a.line ? [a.line] : []), ...(ctx.dev ? [ctx.dev.key] : [])]);
    Object.assign(a, backportsOf(ctx, input.kind, exclude));
  }
  return a;
}

/** The phase and the lines of the cycle on the day. */
function cycleOf(ctx: TargetContext, f: ForTarget | null): Cycle {
  const input = ctx.input;
  const phases = input.policy.phases!;
  const current = ctx.current;
  const curKey = current?.key ?? null;
  const entry = [...phases.schedule].filter((e) => e.from <= input.date).at(-1);
  const preparing = ctx.lines
    .filter(
      (l) =>
        l.kind === 'release' &&
        l.branch !== null &&
        (curKey === null || compareLineKeys(l.key, curKey) > 0) &&
        (l.firstRelease?.date ?? '9999') > input.date,
    )
    .sort((x, y) => compareLineKeys(x.key, y.key));
  let phase: Phase;
  let source: string;
  if (phases.current) {
    phase = phases.current;
    source = 'phases.current in the policy';
  } else if (entry) {
    phase = entry.phase;
    source = `phases.schedule: ${entry.phase} since ${entry.from}`;
  } else if (preparing[0]) {
    phase = 'pre-release';
    source = `branch ${preparing[0].branch} exists and ${preparing[0].key} has no release yet`;
  } else {
    phase = 'mid-cycle';
    source = `no branch for a line after ${curKey ?? 'the newest release'} yet`;
  }
  const nextK = entry?.line ?? preparing[0]?.key ?? (curKey ? nextLineKey(curKey) : (ctx.dev?.key ?? null));
  const next = nextK ? ctx.line.get(nextK) : undefined;
  const afterK = nextK ? nextLineKey(nextK) : null;
  const after = afterK ? ctx.line.get(afterK) : undefined;
  const kind = input.kind;
  return {
    ctx,
    f,
    phase,
    source,
    main: input.developmentBranch,
    current,
    curKey,
    nextK,
    nextBranch: next && next.kind === 'release' ? next.branch : null,
    afterK,
    afterBranch: after && after.kind === 'release' ? after.branch : null,
    rules: { ...PHASE_TARGETS[phase], ...(phases.targets[phase] ?? {}) } as Record<TargetKind, TargetRule>,
    fix: kind !== 'feature',
    words: kind === 'feature' ? 'features' : kind === 'security' ? 'security fixes' : 'bug-fixes',
  };
}

/** Where the change is meant to ship: from `--for`, else from the phase's rule for its kind. */
function relationOf(c: Cycle): Rel {
  const { f, curKey, nextK } = c;
  if (!f) {
    const r = c.rules[c.ctx.input.kind];
    return r === 'current' ? 'current' : r === 'next' ? 'next' : c.phase === 'mid-cycle' ? 'next' : 'after';
  }
  if (curKey !== null && compareLineKeys(f.line, curKey) < 0) {
    if (!c.ctx.line.get(f.line)) throw new TrellisError('bad-input', `--for ${f.text}: there is no line ${f.line} in this repository`, 2);
    return 'older';
  }
  if (f.line === curKey) return 'current';
  if (nextK !== null && f.line === nextK) return 'next';
  return 'after';
}

function answer(c: Cycle, rel: Rel): Answer {
  switch (rel) {
    case 'older':
      return answerOlder(c);
    case 'current':
      return answerCurrent(c);
    case 'next':
      return answerNext(c);
    case 'after':
      return answerAfter(c);
  }
}

const refused = (reason: string, redirect: Rel, main: string): Answer => ({
  allowed: false,
  branch: main,
  line: null,
  release: null,
  reason,
  redirect,
});

const patchOf = (c: Cycle, l: ReleaseLine | null | undefined) => (l ? nextPatchOf(c.ctx, l) : null);

function answerOlder(c: Cycle): Answer {
  const { ctx, fix, phase, rules } = c;
  const l = ctx.line.get(c.f!.line)!;
  const s = ctx.support.get(l.key);
  const ok =
    fix && s !== undefined && (s.status === 'bugfix' || (s.status === 'security' && ctx.input.kind === 'security')) && l.branch !== null;
  if (ok)
    return {
      allowed: true,
      branch: l.branch!,
      line: l.key,
      release: patchOf(c, l),
      reason: `${l.key} is still supported (${supportText(s)}): its patch releases come from ${l.branch}`,
    };
  return refused(
    fix ? `${l.key} is ${supportText(s)}: no more patch releases` : `features are never released in a patch of ${l.key}`,
    fix ? (phase === 'feature-freeze' ? 'next' : 'current') : rules.feature === 'next' ? 'next' : 'after',
    c.main,
  );
}

function answerCurrent(c: Cycle): Answer {
  const { phase, curKey, nextK, current, main } = c;
  if (!c.fix) return refused(`features are not allowed in patch releases of ${curKey}, should target ${nextK}.0 instead`, 'next', main);
  if (phase === 'feature-freeze' && c.rules[c.ctx.input.kind] !== 'current') {
    return refused(
      `feature freeze: ${c.words} for ${patchOf(c, current)} are no longer allowed, should target ${nextK}.0 instead`,
      'next',
      main,
    );
  }
  return {
    allowed: true,
    branch: current!.branch ?? main,
    line: curKey,
    release: patchOf(c, current),
    reason: `${phase}: ${c.words} for ${curKey}.x patch releases are merged into ${current!.branch ?? main}`,
  };
}

function answerNext(c: Cycle): Answer {
  const { phase, nextK, nextBranch, afterK, main } = c;
  if (phase === 'mid-cycle') {
    return {
      allowed: true,
      branch: main,
      line: nextK,
      release: `${nextK}.0`,
      reason: `mid-cycle: features and bug-fixes for ${nextK}.0 are merged into ${main}`,
    };
  }
  if (phase === 'feature-freeze' && !c.fix && c.rules.feature !== 'next') {
    return refused(`feature freeze: features for ${nextK}.0 are no longer allowed, should target ${afterK}.0 instead`, 'after', main);
  }
  const reason = `${phase}: ${phase === 'feature-freeze' ? 'bug-fixes' : 'features and bug-fixes'} for ${nextK}.0 are merged into ${nextBranch ?? `the ${nextK} branch`}`;
  if (nextBranch) return { allowed: true, branch: nextBranch, line: nextK, release: `${nextK}.0`, reason };
  return {
    allowed: true,
    branch: main,
    line: nextK,
    release: `${nextK}.0`,
    reason,
    note: `the branch for ${nextK} does not exist yet; until it is cut (trellis branch cut), ${main} carries ${nextK}`,
  };
}

function answerAfter(c: Cycle): Answer {
  const { phase, nextK, afterK, afterBranch, main } = c;
  const release = `${afterK}.0`;
  if (phase === 'mid-cycle')
    return {
      allowed: true,
      branch: main,
      line: afterK,
      release,
      reason: `mid-cycle: ${main} works toward ${nextK}.0; later work merges into ${main} as well`,
    };
  if (afterBranch)
    return {
      allowed: true,
      branch: afterBranch,
      line: afterK,
      release,
      reason: `${phase}: features for ${afterK}.0 are merged into ${afterBranch}`,
    };
  return {
    allowed: true,
    branch: main,
    line: afterK,
    release,
    reason: `${phase}: features for ${afterK}.0 are merged into ${main} (there is no ${afterK} branch; ${main} works toward ${afterK}.0 while ${nextK} is prepared)`,
  };
}

/** The cycle as other readers need it (the Goose extension tables read the core's): the phase, its source and the lines. */
export interface PhaseCycle {
  phase: Phase;
  source: string;
  main: string;
  current: ReleaseLine | null;
  nextKey: string | null;
  nextBranch: string | null;
}

/** The phase and the lines of the main release cycle on `input.date` (the same reading `trellis target` makes). */
export function phaseCycle(input: TargetInput): PhaseCycle {
  const c = cycleOf(targetContext(input), null);
  return { phase: c.phase, source: c.source, main: c.main, current: c.current, nextKey: c.nextK, nextBranch: c.nextBranch };
}
