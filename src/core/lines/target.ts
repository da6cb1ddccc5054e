/**
 * Merge-target advice (`trellis target`): the branch a change should merge into now, and why.
 * Pure: lines, their support on the day, the existing branches and the policy come in as data.
 *
 * Three models, chosen by the policy:
 * - **phases** (the policy has `phases`, seed 004 Goose/DuckDB): the phase on the day (from
 *   `phases.current`, else the last `phases.schedule` entry started by then, else the branches:
 *   a branch for a line newer than the newest release means pre-release) picks the row of the
 *   seed's merge-target table; `phases.targets` says main/current/next per change kind. A fix
 *   merged into a release branch is merged back into main.
 * - **gitflow** (`flow.model: gitflow` or `branches.develop`, seed 002 VMPilot): features and
 *   fixes for unreleased work go to the integration branch; a fix for the released version goes
 *   to a hotfix branch from main (named by `branches.hotfix`), merged back where
 *   `flow.hotfix.mergeInto` says.
 * - **trunk** (seeds 000, 001, 003): everything lands on the development branch first; fixes are
 *   then cherry-picked to the lines whose status `backport.kinds` admits for the kind (the same
 *   rule as `trellis backport --auto`). Per-release branches (seed 000 `release/X.Y.Z`) get a
 *   new `release/X.Y.(Z+1)` from the newest one when that one is released already.
 *
 * `forVersion` asks about a change meant for one release (`1.2.3`, `v1.3.0`, or a line `1.2`):
 * the answer says whether that is allowed now and, when not, where the change should go instead
 * (Goose in feature freeze: "bug-fixes for vx.y.<z+1> are no longer allowed, should target
 * vx.<y+1>.0 instead").
 */
import { autoTargets, lineViews, type LineView } from '../backport/targets.js';
import { TrellisError } from '../errors.js';
import { matchTemplate, renderTemplate } from '../policy/template.js';
import type { Phase, Policy } from '../policy/schema.js';
import type { ParsedVersion } from '../version/types.js';
import { nextVersion } from '../version/bump.js';
import { compareLineKeys, lineKeyOf, nextLineKey, parseLineKey, schemeOf } from './discover.js';
import type { LineSupport } from './support.js';
import type { ReleaseLine } from './types.js';

export const TARGET_KINDS = ['feature', 'bugfix', 'security'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export type TargetRule = 'main' | 'current' | 'next';

/** Input of {@link mergeTarget}. */
export interface TargetInput {
  policy: Policy;
  /** Discovered lines, development line first (`discoverLines(...).lines`). */
  lines: readonly ReleaseLine[];
  /** Their support on `date`, same order (`supportOf(...)`). */
  supports: readonly LineSupport[];
  /** The development branch (`discoverLines(...).developmentBranch`). */
  developmentBranch: string;
  /** Branches that exist (short names). */
  branches: ReadonlySet<string>;
  kind: TargetKind;
  /** A version or line the change is meant for, or null. */
  forVersion?: string | null;
  date: string;
}

/** A branch that receives the change after the first merge. */
export interface TargetBackport {
  line: string;
  branch: string;
  /** The status `backport.kinds` reads (`prerelease`, `full`, `bugfix`, `security`). */
  status: string;
  /** Set when the branch does not exist yet and is made from `from` (seed 000's next `release/X.Y.Z`). */
  create: { from: string } | null;
}

/** The answer. */
export interface TargetAdvice {
  kind: TargetKind;
  /** The `--for` value as given, or null. */
  for: string | null;
  date: string;
  model: 'phases' | 'gitflow' | 'trunk';
  /** The phase on `date` (phases model), and how it was found. */
  phase: Phase | null;
  phaseSource: string | null;
  /** False when the change, as asked with `--for`, is not accepted now; `branch` is then where it should go instead. */
  allowed: boolean;
  /** The branch to merge into. */
  branch: string;
  /** The line that branch carries, when it is a line's branch (or the development line). */
  line: string | null;
  /** The release the change will ship in, when known (`1.2.4`, `1.3.0`). */
  release: string | null;
  /** Set when `branch` does not exist yet: create it from `from` first. */
  create: { from: string } | null;
  /** One sentence: why this branch. */
  reason: string;
  /** Branches the target is merged into afterwards (a Goose release branch back into main; a hotfix into main and dev). */
  mergeBack: string[];
  /** Lines the change is cherry-picked to afterwards (`trellis backport --auto`). */
  backports: TargetBackport[];
  /** Lines considered for backports and left out, with the reason. */
  skipped: Array<{ line: string; reason: string }>;
  notes: string[];
}

/** Seed 004's merge-target table, for phases the policy's `phases.targets` does not set. */
export const SEED_004_TARGETS: Record<Phase, Record<TargetKind, TargetRule>> = {
  'mid-cycle': { feature: 'main', bugfix: 'current', security: 'current' },
  'pre-release': { feature: 'next', bugfix: 'current', security: 'current' },
  'feature-freeze': { feature: 'main', bugfix: 'next', security: 'next' },
};

interface ForTarget {
  text: string;
  line: string;
  version: ParsedVersion | null;
}

/** Reads `--for`: a version in the policy's scheme (a tag name such as `v1.2.3` too) or a line key. */
export function parseForVersion(policy: Policy, text: string): ForTarget {
  const scheme = schemeOf(policy);
  const candidates = [text];
  for (const t of policy.versioning.tag) {
    try {
      const m = matchTemplate(t, text);
      if (m?.version !== undefined) candidates.unshift(m.version);
    } catch {
      // an unusable template in a hand-made policy: ignore it here
    }
  }
  if (/^v?\d+(\.\d+)?$/.test(text)) {
    const key = text.replace(/^v/, '');
    const { major, minor } = parseLineKey(key);
    const line = policy.versioning.line === 'major' ? `${major}` : `${major}.${minor ?? 0}`;
    return { text, line, version: null };
  }
  for (const c of candidates) {
    const v = scheme.tryParse(c);
    if (v) return { text, line: lineKeyOf(v, policy.versioning.line), version: v };
  }
  throw new TrellisError('bad-input', `--for '${text}' is neither a ${policy.versioning.scheme} version nor a line (X.Y)`, 2);
}

/** The branch a change should merge into now, with the reason, the merges and backports that follow. */
export function mergeTarget(input: TargetInput): TargetAdvice {
  const forTarget = input.forVersion ? parseForVersion(input.policy, input.forVersion) : null;
  const gitflow = input.policy.flow.model === 'gitflow' || input.policy.branches.develop !== undefined;
  if (input.policy.phases) return phasesModel(input, forTarget);
  if (gitflow) return gitflowModel(input, forTarget);
  return trunkModel(input, forTarget);
}

// ---- shared ----------------------------------------------------------------------------------

function base(input: TargetInput, model: TargetAdvice['model']): TargetAdvice {
  return {
    kind: input.kind,
    for: input.forVersion ?? null,
    date: input.date,
    model,
    phase: null,
    phaseSource: null,
    allowed: true,
    branch: input.developmentBranch,
    line: null,
    release: null,
    create: null,
    reason: '',
    mergeBack: [],
    backports: [],
    skipped: [],
    notes: [],
  };
}

interface Ctx {
  input: TargetInput;
  views: LineView[];
  dev: ReleaseLine | null;
  support: Map<string, LineSupport>;
  line: Map<string, ReleaseLine>;
  /** The newest line released on or before the day. */
  current: ReleaseLine | null;
}

function context(input: TargetInput): Ctx {
  const support = new Map(input.lines.map((l, i) => [l.key, input.supports[i]!] as const));
  // A development line with a release of its own (seed 003's 3.1.0 on master) is released too.
  const released = input.lines
    .filter((l) => l.firstRelease?.date != null && l.firstRelease.date <= input.date)
    .sort((a, b) => compareLineKeys(b.key, a.key));
  return {
    input,
    views: lineViews(input.lines, input.supports),
    dev: input.lines.find((l) => l.kind === 'development') ?? null,
    support,
    line: new Map(input.lines.map((l) => [l.key, l])),
    current: released[0] ?? null,
  };
}

/**
 * The release a change merged into the development branch ships in: `X.Y.0` of the development
 * line while it is unreleased; once it has a release of its own (it lives on the development
 * branch until its branch is cut, seed 003), its next patch for fixes and the next line's `.0`
 * for features (a new feature set, started by `trellis branch cut`).
 */
function devRelease(ctx: Ctx, kind: TargetKind): string | null {
  const dev = ctx.dev;
  if (!dev) return null;
  if (dev.latestRelease === null) return `${dev.key}.0`;
  return kind === 'feature' ? `${nextLineKey(dev.key)}.0` : nextPatchOf(ctx, dev);
}

/** The next patch release of a line (`1.2.4` after `1.2.3`), or its `.0` when it has none. */
function nextPatchOf(ctx: Ctx, l: ReleaseLine): string {
  const latest = l.latestRelease?.version;
  if (!latest) return `${l.key}.0`;
  try {
    return nextVersion(ctx.input.policy.versioning.scheme, latest, 'patch');
  } catch {
    return `${l.key}.x`;
  }
}

/**
 * Lines a change of `kind` is cherry-picked to afterwards: the `backport --auto` rule over the
 * lines, leaving out `exclude` and, when `keep` is given, the lines it refuses.
 */
function backportsOf(
  ctx: Ctx,
  kind: TargetKind,
  exclude: ReadonlySet<string>,
  keep?: (key: string) => boolean,
): Pick<TargetAdvice, 'backports' | 'skipped'> {
  const { targets, skipped } = autoTargets({
    lines: ctx.views.filter((v) => ctx.line.get(v.key)?.kind === 'release'),
    kind,
    policy: ctx.input.policy,
    branches: ctx.input.branches,
    introducedIn: null,
    exclude,
    forceEol: false,
  });
  const backports: TargetBackport[] = [];
  const left = skipped.filter((s) => s.reason !== 'holds the change already');
  for (const t of targets) {
    if (keep && !keep(t.line ?? t.name)) {
      left.push({ line: t.line ?? t.name, reason: `older than the release asked for` });
      continue;
    }
    const l = ctx.line.get(t.line ?? '');
    backports.push({ line: t.name, branch: t.branch, status: t.status ?? '', create: null, ...(l ? perReleaseBranch(ctx, l) : {}) });
  }
  return { backports, skipped: left };
}

/**
 * Seed 000 keeps one branch per release (`release/1.2.0`, `release/1.2.1`): a fix goes to the
 * newest one while it is unreleased, else to a new branch for the next patch made from it.
 */
function perReleaseBranch(ctx: Ctx, l: ReleaseLine): { branch: string; create: { from: string } | null } | object {
  const head = l.branches[0];
  if (!head || head.patch === null) return {};
  const released = l.latestRelease ? (schemeOf(ctx.input.policy).tryParse(l.latestRelease.version)?.release[2] ?? -1) : -1;
  if (head.patch > released) return { branch: head.name, create: null };
  const { major, minor } = parseLineKey(l.key);
  try {
    const name = renderTemplate(head.template, {
      major,
      minor: minor ?? 0,
      patch: released + 1,
      line: l.key,
      codename: head.codename ?? '',
    });
    return ctx.input.branches.has(name) ? { branch: name, create: null } : { branch: name, create: { from: head.name } };
  } catch {
    return {};
  }
}

function supportText(s: LineSupport | undefined): string {
  if (!s) return '';
  if (s.status === 'end-of-life') return s.endOfLife ? `end-of-life since ${s.endOfLife}` : 'end-of-life';
  if (s.status === 'security') return `security fixes only${s.endOfLife ? ` until ${s.endOfLife}` : ''}`;
  if (s.status === 'bugfix') return `bug fixes${s.endOfBugfix ? ` until ${s.endOfBugfix}` : ''}${s.lts ? ', LTS' : ''}`;
  return s.status;
}

// ---- trunk (000, 001, 003) -------------------------------------------------------------------

function trunkModel(input: TargetInput, f: ForTarget | null): TargetAdvice {
  const ctx = context(input);
  const a = base(input, 'trunk');
  const main = input.developmentBranch;
  const devKey = ctx.dev?.key ?? null;
  a.branch = main;
  a.line = devKey;
  const exclude = new Set(devKey ? [devKey] : []);
  const kindsKey = input.kind;
  const admitted = input.policy.backport.kinds[kindsKey];

  const target = f ? ctx.line.get(f.line) : undefined;
  const forDev = f !== null && (devKey === null || compareLineKeys(f.line, devKey) >= 0);
  if (f && !forDev && (!target || target.kind !== 'release')) {
    a.allowed = false;
    Object.assign(a, backportsOf(ctx, input.kind, exclude));
    a.reason = `there is no release line ${f.line} in this repository; the change goes to ${main} and the lines the policy admits`;
    return a;
  }

  if (input.kind === 'feature') {
    a.release = devRelease(ctx, 'feature');
    if (ctx.dev?.latestRelease) {
      a.notes.push(
        `${devKey} is released from ${main} (${ctx.dev.latestRelease.version}): fork its branch (trellis branch cut) so that ${main} starts ${a.release}`,
      );
    }
    if (!f || forDev) {
      // With no status admitting features there is nothing to list.
      if (admitted.length > 0) Object.assign(a, backportsOf(ctx, 'feature', exclude));
      a.reason = `features go to ${main}, the development line${devKey ? ` ${devKey}` : ''}; ${
        admitted.length === 0
          ? 'release lines take no features (backport.kinds.feature is empty)'
          : `then to lines with status ${admitted.join(', ')} (backport.kinds.feature)`
      }`;
      return a;
    }
    const { backports, skipped } = backportsOf(ctx, 'feature', exclude, (k) => k === f.line);
    if (backports.some((b) => b.line === f.line)) {
      a.backports = backports;
      a.skipped = skipped;
      a.reason = `features land on ${main} first, then are cherry-picked to ${f.line} (backport.kinds.feature admits its status)`;
      return a;
    }
    a.allowed = false;
    a.reason = `features are not backported to ${f.line} (${supportText(ctx.support.get(f.line))}; backport.kinds.feature: ${admitted.length === 0 ? 'none' : admitted.join(', ')}); it ships in ${a.release ?? `the next release from ${main}`} instead`;
    return a;
  }

  // Fixes: main first, then the lines that take them.
  const word = input.kind === 'security' ? 'security fixes' : 'bug fixes';
  const statuses = `backport.kinds.${input.kind}: ${admitted.join(', ') || 'none'}`;
  if (!f || forDev) {
    Object.assign(a, backportsOf(ctx, input.kind, exclude));
    a.release = devRelease(ctx, input.kind);
    a.reason = forDev
      ? `the change is for the development line${devKey ? ` ${devKey}` : ''}: it goes to ${main} only`
      : `${word} land on ${main} first, then are cherry-picked (-x) to every line whose status takes them (${statuses})`;
    if (forDev) a.backports = [];
    if (!forDev && input.kind === 'bugfix') {
      a.notes.push(
        'only lines where the bug is present need it: trellis backport --auto --introduced <commit|version> leaves the others out',
      );
    }
    return a;
  }
  const all = backportsOf(ctx, input.kind, exclude, (k) => compareLineKeys(k, f.line) >= 0);
  if (all.backports.some((b) => b.line === f.line)) {
    Object.assign(a, all);
    const picked = all.backports.find((b) => b.line === f.line)!;
    a.release = target ? nextPatchOf(ctx, target) : null;
    a.reason = `${word} land on ${main} first, then go to ${f.line} (${picked.branch}) and every newer line that takes them, so that upgrading never loses the fix`;
    return a;
  }
  a.allowed = false;
  Object.assign(a, backportsOf(ctx, input.kind, exclude));
  const newest = a.backports[0]?.line ?? devKey;
  a.reason = `${f.line} takes no ${word} (${supportText(ctx.support.get(f.line))}; ${statuses}); upgrade to ${newest ?? 'a supported line'}: the fix goes to ${main}${
    a.backports.length > 0 ? ` and ${a.backports.map((b) => b.line).join(', ')}` : ''
  }`;
  return a;
}

// ---- git-flow (002) --------------------------------------------------------------------------

function gitflowModel(input: TargetInput, f: ForTarget | null): TargetAdvice {
  const ctx = context(input);
  const a = base(input, 'gitflow');
  const policy = input.policy;
  const develop = policy.branches.develop ?? input.developmentBranch;
  const main = policy.branches.main;
  const onMain = input.lines.find((l) => l.kind === 'release' && l.branch === main) ?? ctx.current;
  const latest = onMain?.latestRelease ?? null;
  const scheme = schemeOf(policy);
  const unreleased =
    f !== null &&
    (latest === null || (f.version ? scheme.compare(f.version, latest.version) > 0 : compareLineKeys(f.line, onMain!.key) > 0));

  a.branch = develop;
  a.line = ctx.dev?.key ?? null;
  if (input.kind === 'feature' || unreleased) {
    a.release = ctx.dev ? `${ctx.dev.key}.0` : null;
    a.reason =
      input.kind === 'feature'
        ? `features are developed on branches from ${develop} and merged into ${develop}; ${develop} is merged into ${main} to release`
        : `the change is for unreleased work: it goes to ${develop} like any change and ships with the next release`;
    if (input.kind === 'feature' && f && !unreleased) {
      a.allowed = false;
      a.reason = `features are not released as patches of ${f.text}; ${a.reason}`;
    }
    return a;
  }

  // A fix for the released version: a hotfix branch from main.
  if (!latest || !onMain) {
    a.reason = `nothing is released yet: the fix goes to ${develop}`;
    return a;
  }
  const version = nextPatchOf(ctx, onMain);
  const v = scheme.tryParse(version);
  const [major, minor, patch] = [v?.release[0] ?? 0, v?.release[1] ?? 0, v?.release[2] ?? 0];
  const name = renderTemplate(policy.branches.hotfix, { version, major, minor, patch, line: onMain.key });
  const from = policy.flow.hotfix.from === 'main' ? main : (onMain.branch ?? main);
  a.branch = name;
  a.line = onMain.key;
  a.release = version;
  a.create = input.branches.has(name) ? null : { from };
  a.mergeBack = policy.flow.hotfix.mergeInto.map((m) => (m === 'develop' ? develop : main));
  if (f && compareLineKeys(f.line, onMain.key) < 0) {
    a.allowed = false;
    a.reason = `${f.line} is not maintained (${supportText(ctx.support.get(f.line))}); only the release on ${main} gets hotfixes: ${name}`;
  } else {
    a.reason = `a fix for the released ${latest.version} goes to a hotfix branch from ${from}, merged back into ${a.mergeBack.join(' and ')}, then released as ${version}`;
  }
  if (!f)
    a.notes.push(
      `a fix for unreleased work on ${develop} goes to ${develop}: trellis target --kind ${input.kind} --for ${ctx.dev ? `${ctx.dev.key}.0` : 'NEXT'}`,
    );
  return a;
}

// ---- phases (004) ----------------------------------------------------------------------------

type Rel = 'older' | 'current' | 'next' | 'after';

function phasesModel(input: TargetInput, f: ForTarget | null): TargetAdvice {
  const ctx = context(input);
  const a = base(input, 'phases');
  const policy = input.policy;
  const phases = policy.phases!;
  const main = input.developmentBranch;
  const current = ctx.current;
  const curKey = current?.key ?? null;

  // The phase and the line being prepared.
  const entry = [...phases.schedule].filter((e) => e.from <= input.date).at(-1);
  const preparing = input.lines
    .filter(
      (l) =>
        l.kind === 'release' &&
        l.branch !== null &&
        (curKey === null || compareLineKeys(l.key, curKey) > 0) &&
        (l.firstRelease?.date ?? '9999') > input.date,
    )
    .sort((x, y) => compareLineKeys(x.key, y.key));
  let phase: Phase;
  if (phases.current) {
    phase = phases.current;
    a.phaseSource = 'phases.current in the policy';
  } else if (entry) {
    phase = entry.phase;
    a.phaseSource = `phases.schedule: ${entry.phase} since ${entry.from}`;
  } else if (preparing[0]) {
    phase = 'pre-release';
    a.phaseSource = `branch ${preparing[0].branch} exists and ${preparing[0].key} has no release yet`;
  } else {
    phase = 'mid-cycle';
    a.phaseSource = `no branch for a line after ${curKey ?? 'the newest release'} yet`;
  }
  a.phase = phase;
  const nextK = entry?.line ?? preparing[0]?.key ?? (curKey ? nextLineKey(curKey) : (ctx.dev?.key ?? null));
  const next = nextK ? ctx.line.get(nextK) : undefined;
  const nextBranch = next && next.kind === 'release' ? next.branch : null;
  const afterK = nextK ? nextLineKey(nextK) : null;
  const after = afterK ? ctx.line.get(afterK) : undefined;
  const afterBranch = after && after.kind === 'release' ? after.branch : null;
  const rules = { ...SEED_004_TARGETS[phase], ...(phases.targets[phase] ?? {}) } as Record<TargetKind, TargetRule>;
  const fix = input.kind !== 'feature';
  const words = input.kind === 'feature' ? 'features' : input.kind === 'security' ? 'security fixes' : 'bug-fixes';
  const patchOf = (l: ReleaseLine | null | undefined) => (l ? nextPatchOf(ctx, l) : null);

  interface Answer {
    allowed: boolean;
    branch: string;
    line: string | null;
    release: string | null;
    reason: string;
    redirect?: Rel;
    note?: string;
  }
  const onBranch = (key: string | null, branch: string | null, release: string | null, reason: string): Answer => {
    if (branch) return { allowed: true, branch, line: key, release, reason };
    return {
      allowed: true,
      branch: main,
      line: key,
      release,
      reason,
      note: `the branch for ${key} does not exist yet; until it is cut (trellis branch cut), ${main} carries ${key}`,
    };
  };
  const answer = (rel: Rel): Answer => {
    switch (rel) {
      case 'older': {
        const l = ctx.line.get(f!.line)!;
        const s = ctx.support.get(l.key);
        const ok =
          fix && s !== undefined && (s.status === 'bugfix' || (s.status === 'security' && input.kind === 'security')) && l.branch !== null;
        if (ok)
          return {
            allowed: true,
            branch: l.branch!,
            line: l.key,
            release: patchOf(l),
            reason: `${l.key} is still supported (${supportText(s)}): its patch releases come from ${l.branch}`,
          };
        return {
          allowed: false,
          branch: main,
          line: null,
          release: null,
          reason: fix ? `${l.key} is ${supportText(s)}: no more patch releases` : `features are never released in a patch of ${l.key}`,
          redirect: fix ? (phase === 'feature-freeze' ? 'next' : 'current') : rules.feature === 'next' ? 'next' : 'after',
        };
      }
      case 'current':
        if (!fix) {
          return {
            allowed: false,
            branch: main,
            line: null,
            release: null,
            reason: `features are not allowed in patch releases of ${curKey}, should target ${nextK}.0 instead`,
            redirect: 'next',
          };
        }
        if (phase === 'feature-freeze' && rules[input.kind] !== 'current') {
          return {
            allowed: false,
            branch: main,
            line: null,
            release: null,
            reason: `feature freeze: ${words} for ${patchOf(current)} are no longer allowed, should target ${nextK}.0 instead`,
            redirect: 'next',
          };
        }
        return {
          allowed: true,
          branch: current!.branch ?? main,
          line: curKey,
          release: patchOf(current),
          reason: `${phase}: ${words} for ${curKey}.x patch releases are merged into ${current!.branch ?? main}`,
        };
      case 'next':
        if (phase === 'mid-cycle') {
          return {
            allowed: true,
            branch: main,
            line: nextK,
            release: `${nextK}.0`,
            reason: `mid-cycle: features and bug-fixes for ${nextK}.0 are merged into ${main}`,
          };
        }
        if (phase === 'feature-freeze' && !fix && rules.feature !== 'next') {
          return {
            allowed: false,
            branch: main,
            line: null,
            release: null,
            reason: `feature freeze: features for ${nextK}.0 are no longer allowed, should target ${afterK}.0 instead`,
            redirect: 'after',
          };
        }
        return onBranch(
          nextK,
          nextBranch,
          `${nextK}.0`,
          `${phase}: ${phase === 'feature-freeze' ? 'bug-fixes' : 'features and bug-fixes'} for ${nextK}.0 are merged into ${nextBranch ?? `the ${nextK} branch`}`,
        );
      case 'after':
        if (phase === 'mid-cycle')
          return {
            allowed: true,
            branch: main,
            line: afterK,
            release: `${afterK}.0`,
            reason: `mid-cycle: ${main} works toward ${nextK}.0; later work merges into ${main} as well`,
          };
        return afterBranch
          ? {
              allowed: true,
              branch: afterBranch,
              line: afterK,
              release: `${afterK}.0`,
              reason: `${phase}: features for ${afterK}.0 are merged into ${afterBranch}`,
            }
          : {
              allowed: true,
              branch: main,
              line: afterK,
              release: `${afterK}.0`,
              reason: `${phase}: features for ${afterK}.0 are merged into ${main} (there is no ${afterK} branch; ${main} works toward ${afterK}.0 while ${nextK} is prepared)`,
            };
    }
  };

  // Where the change is meant to ship.
  const ruleRel = (r: TargetRule): Rel => (r === 'current' ? 'current' : r === 'next' ? 'next' : phase === 'mid-cycle' ? 'next' : 'after');
  let rel: Rel;
  if (!f) rel = ruleRel(rules[input.kind]);
  else if (curKey !== null && compareLineKeys(f.line, curKey) < 0) {
    if (!ctx.line.get(f.line)) throw new TrellisError('bad-input', `--for ${f.text}: there is no line ${f.line} in this repository`, 2);
    rel = 'older';
  } else if (f.line === curKey) rel = 'current';
  else if (nextK !== null && f.line === nextK) rel = 'next';
  else rel = 'after';

  // The policy's table is honoured inside answer(): a lenient `phases.targets` keeps its branch allowed.
  let ans = answer(rel);
  const reasons = [ans.reason];
  let allowed = ans.allowed;
  const seen = new Set<Rel>([rel]);
  while (ans.redirect && !seen.has(ans.redirect)) {
    seen.add(ans.redirect);
    ans = answer(ans.redirect);
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
      `phases.targets.${phase}.${input.kind} = ${rules[input.kind]}${phases.targets[phase]?.[input.kind] ? '' : ' (seed 004 default)'}`,
    );

  // Seed 004: the branches of the main release cycle are merged back into main (an older LTS line is not).
  const cycleBranches = [current?.branch, nextBranch, afterBranch].filter((b): b is string => !!b);
  if (a.branch !== main && cycleBranches.includes(a.branch)) a.mergeBack = [main];
  if (fix) {
    const exclude = new Set([...(a.line ? [a.line] : []), ...(ctx.dev ? [ctx.dev.key] : [])]);
    Object.assign(a, backportsOf(ctx, input.kind, exclude));
  }
  return a;
}
