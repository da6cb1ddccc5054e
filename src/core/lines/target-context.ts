/**
 * What every merge-target model shares: the `--for` reading, the lines by key with their status
 * on the day, the next releases of a line, and the backports that follow a first merge.
 */
import { autoTargets, type LineView } from '../backport/targets.js';
import { TrellisError } from '../errors.js';
import type { Policy } from '../policy/schema.js';
import { matchTemplate, renderTemplate } from '../policy/template.js';
import { nextVersion } from '../version/bump.js';
import type { ParsedVersion } from '../version/types.js';
import { compareLineKeys, lineKeyOf, nextLineKey, parseLineKey, schemeOf } from './discover.js';
import type { TargetAdvice, TargetBackport, TargetInput, TargetKind } from './target-types.js';
import type { LineToday } from './today.js';
import type { ReleaseLine } from './types.js';

/** The release or line a change is meant for (`--for`). */
export interface ForTarget {
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

/** The advice before a model fills it in: merge into the development branch, allowed. */
export function baseAdvice(input: TargetInput, model: TargetAdvice['model']): TargetAdvice {
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

/** The lines as the models read them. */
export interface TargetContext {
  input: TargetInput;
  /** The discovered lines, development line first. */
  lines: ReleaseLine[];
  /** The lines as `backport --auto` reads them. */
  views: LineView[];
  dev: ReleaseLine | null;
  /** Each line's status on the day, by key. */
  support: Map<string, LineToday>;
  line: Map<string, ReleaseLine>;
  /** The newest line released on or before the day. */
  current: ReleaseLine | null;
}

export function targetContext(input: TargetInput): TargetContext {
  const lines = input.lines.map((t) => t.line);
  // A development line with a release of its own (the Tarantool-style 3.1.0 on master) is released too.
  const released = lines
    .filter((l) => l.firstRelease?.date != null && l.firstRelease.date <= input.date)
    .sort((a, b) => compareLineKeys(b.key, a.key));
  return {
    input,
    lines,
    views: input.lines.map((t) => ({ key: t.key, branch: t.branch, status: t.backportStatus ?? t.status })),
    dev: lines.find((l) => l.kind === 'development') ?? null,
    support: new Map(input.lines.map((t) => [t.key, t] as const)),
    line: new Map(lines.map((l) => [l.key, l])),
    current: released[0] ?? null,
  };
}

/**
 * The release a change merged into the development branch ships in: `X.Y.0` of the development
 * line while it is unreleased; once it has a release of its own (it lives on the development
 * branch until its branch is cut, Tarantool-style series), its next patch for fixes and the next
 * line's `.0` for features (a new feature set, started by `trellis branch cut`).
 */
export function devRelease(ctx: TargetContext, kind: TargetKind): string | null {
  const dev = ctx.dev;
  if (!dev) return null;
  if (dev.latestRelease === null) return `${dev.key}.0`;
  return kind === 'feature' ? `${nextLineKey(dev.key)}.0` : nextPatchOf(ctx, dev);
}

/** The next patch release of a line (`1.2.4` after `1.2.3`), or its `.0` when it has none. */
export function nextPatchOf(ctx: TargetContext, l: ReleaseLine): string {
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
export function backportsOf(
  ctx: TargetContext,
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
 * Lightspeed-style lines keep one branch per release (`release/1.2.0`, `release/1.2.1`): a fix goes
 * to the newest one while it is unreleased, else to a new branch for the next patch made from it.
 */
function perReleaseBranch(ctx: TargetContext, l: ReleaseLine): { branch: string; create: { from: string } | null } | object {
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

/** A line's support in words (`bug fixes until 2026-09-30, LTS`). */
export function supportText(s: LineToday | undefined): string {
  if (!s) return '';
  if (s.status === 'end-of-life') return s.endOfLife ? `end-of-life since ${s.endOfLife}` : 'end-of-life';
  if (s.status === 'security') return `security fixes only${s.endOfLife ? ` until ${s.endOfLife}` : ''}`;
  if (s.status === 'bugfix') return `bug fixes${s.endOfBugfix ? ` until ${s.endOfBugfix}` : ''}${s.lts ? ', LTS' : ''}`;
  return s.status;
}
