/**
 * Git-flow (VMPilot-style, `flow.model: gitflow` or `branches.develop`): features and fixes for
 * unreleased work go to the integration branch; a fix for the released version goes to a hotfix
 * branch from main (named by `branches.hotfix`), merged back where `flow.hotfix.mergeInto` says.
 */
import { renderTemplate } from '../policy/template.js';
import { compareLineKeys, schemeOf } from './discover.js';
import { baseAdvice, nextPatchOf, supportText, targetContext, type ForTarget } from './target-context.js';
import type { TargetAdvice, TargetInput } from './target-types.js';

export function gitflowModel(input: TargetInput, f: ForTarget | null): TargetAdvice {
  const ctx = targetContext(input);
  const a = baseAdvice(input, 'gitflow');
  const policy = input.policy;
  const develop = policy.branches.develop ?? input.developmentBranch;
  const main = policy.branches.main;
  const onMain = ctx.lines.find((l) => l.kind === 'release' && l.branch === main) ?? ctx.current;
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
