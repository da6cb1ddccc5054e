/**
 * Trunk flow (Lightspeed-style, Llama Stack-style, Tarantool-style series): everything lands on
 * the development branch first; fixes are then cherry-picked to the lines whose status
 * `backport.kinds` admits for the kind (the same rule as `trellis backport --auto`).
 */
import { compareLineKeys } from './discover.js';
import {
  backportsOf,
  baseAdvice,
  devRelease,
  nextPatchOf,
  supportText,
  targetContext,
  type ForTarget,
  type TargetContext,
} from './target-context.js';
import type { TargetAdvice, TargetInput } from './target-types.js';
import type { ReleaseLine } from './types.js';

export function trunkModel(input: TargetInput, f: ForTarget | null): TargetAdvice {
  const ctx = targetContext(input);
  const a = baseAdvice(input, 'trunk');
  const main = input.developmentBranch;
  const devKey = ctx.dev?.key ?? null;
  a.branch = main;
  a.line = devKey;
  const exclude = new Set(devKey ? [devKey] : []);

  const target = f ? ctx.line.get(f.line) : undefined;
  const forDev = f !== null && (devKey === null || compareLineKeys(f.line, devKey) >= 0);
  if (f && !forDev && (!target || target.kind !== 'release')) {
    a.allowed = false;
    Object.assign(a, backportsOf(ctx, input.kind, exclude));
    a.reason = `there is no release line ${f.line} in this repository; the change goes to ${main} and the lines the policy admits`;
    return a;
  }
  const trunk: Trunk = { ctx, a, main, devKey, exclude, forDev };
  if (input.kind === 'feature') return feature(trunk, f);
  return fix(trunk, f, target);
}

/** What both kinds of change read. */
interface Trunk {
  ctx: TargetContext;
  a: TargetAdvice;
  main: string;
  devKey: string | null;
  /** The development line: it holds the change first. */
  exclude: ReadonlySet<string>;
  /** The change is for the development line (or later). */
  forDev: boolean;
}

function feature({ ctx, a, main, devKey, exclude, forDev }: Trunk, f: ForTarget | null): TargetAdvice {
  const admitted = ctx.input.policy.backport.kinds.feature;
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

/** Fixes: main first, then the lines that take them. */
function fix({ ctx, a, main, devKey, exclude, forDev }: Trunk, f: ForTarget | null, target: ReleaseLine | undefined): TargetAdvice {
  const kind = ctx.input.kind;
  const admitted = ctx.input.policy.backport.kinds[kind];
  const word = kind === 'security' ? 'security fixes' : 'bug fixes';
  const statuses = `backport.kinds.${kind}: ${admitted.join(', ') || 'none'}`;
  if (!f || forDev) {
    Object.assign(a, backportsOf(ctx, kind, exclude));
    a.release = devRelease(ctx, kind);
    a.reason = forDev
      ? `the change is for the development line${devKey ? ` ${devKey}` : ''}: it goes to ${main} only`
      : `${word} land on ${main} first, then are cherry-picked (-x) to every line whose status takes them (${statuses})`;
    if (forDev) a.backports = [];
    if (!forDev && kind === 'bugfix') {
      a.notes.push(
        'only lines where the bug is present need it: trellis backport --auto --introduced <commit|version> leaves the others out',
      );
    }
    return a;
  }
  const all = backportsOf(ctx, kind, exclude, (k) => compareLineKeys(k, f.line) >= 0);
  if (all.backports.some((b) => b.line === f.line)) {
    Object.assign(a, all);
    const picked = all.backports.find((b) => b.line === f.line)!;
    a.release = target ? nextPatchOf(ctx, target) : null;
    a.reason = `${word} land on ${main} first, then go to ${f.line} (${picked.branch}) and every newer line that takes them, so that upgrading never loses the fix`;
    return a;
  }
  a.allowed = false;
  Object.assign(a, backportsOf(ctx, kind, exclude));
  const newest = a.backports[0]?.line ?? devKey;
  a.reason = `${f.line} takes no ${word} (${supportText(ctx.support.get(f.line))}; ${statuses}); upgrade to ${newest ?? 'a supported line'}: the fix goes to ${main}${
    a.backports.length > 0 ? ` and ${a.backports.map((b) => b.line).join(', ')}` : ''
  }`;
  return a;
}
