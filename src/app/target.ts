/**
 * Use case `target`: which branch a change should merge into now, and why (Goose-style phases,
 * git-flow hotfixes, or the development branch then backports). Reads one `for-each-ref`
 * and at most one `git log` (see facts/line-history.ts).
 */
import { linesToday, mergeTarget, parseForVersion, type TargetAdvice, type TargetKind } from '../core/lines/index.js';
import { readLineFacts } from '../facts/repository.js';
import { extensionStatus } from '../core/extension/status.js';
import { extensionAdvice } from '../core/extension/target.js';
import type { AppContext } from './context.js';
import { readExtensionFacts } from './extension-shared.js';

export interface TargetRequest {
  kind: TargetKind;
  /** The release or line the change is meant for (`1.2.3`, `v1.3.0`, `1.2`), or none. */
  for?: string | null | undefined;
  /** The day to answer for (`YYYY-MM-DD`); default: today. */
  date?: string | undefined;
}

export interface TargetAnswer {
  advice: TargetAdvice;
  /** Facts that are not about one line (development branch missing, tags that do not parse). */
  warnings: string[];
}

export async function target(ctx: AppContext, req: TargetRequest): Promise<TargetAnswer> {
  const date = req.date ?? ctx.today;
  const forVersion = req.for ?? null;
  // A `for` that is no version and no line is refused before git is read.
  const forTarget = forVersion ? parseForVersion(ctx.policy, forVersion) : null;
  // An unstable API extension follows its core's phase: the extension tables answer (docs/extensions.md).
  if (ctx.policy.extension?.api === 'unstable') {
    const facts = await readExtensionFacts(ctx, date);
    const status = extensionStatus(facts.input);
    return { advice: extensionAdvice({ status, kind: req.kind, for: forTarget, date }), warnings: facts.warnings };
  }
  const { discovery, refs } = await readLineFacts(ctx.git, ctx.policy, { remote: ctx.remote });
  const advice = mergeTarget({
    policy: ctx.policy,
    lines: linesToday(discovery, ctx.policy, date),
    developmentBranch: discovery.developmentBranch,
    branches: new Set(refs.filter((r) => r.kind === 'branch').map((r) => r.name)),
    kind: req.kind,
    forVersion,
    date,
  });
  return { advice, warnings: discovery.warnings };
}
