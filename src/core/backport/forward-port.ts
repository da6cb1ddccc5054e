/**
 * `--auto` for a fix made on a line first (Goose-style "patches are merged into vx.y-codename
 * first, then frequently merged back into main"; Lightspeed-style U7/U8 from version X to Y):
 * the development branch must get it too, whatever its status says about backports — it is the
 * forward-port that `trellis missing` reports as "fixed on 1.0 first; main does not have it".
 * Newer lines are chosen by the usual rules. Pure.
 */
import type { ChangeKind } from '../changes/index.js';
import type { SkippedLine, LineView } from './targets.js';
import type { BackportTarget } from './types.js';

/** Adds the development line as a target when the change sits on some line but not on it (bug and security fixes only). */
export function withForwardPort(
  auto: { targets: BackportTarget[]; skipped: SkippedLine[] },
  input: {
    lines: readonly LineView[];
    developmentBranch: string;
    holding: ReadonlySet<string>;
    kind: ChangeKind;
    branches: ReadonlySet<string>;
  },
): { targets: BackportTarget[]; skipped: SkippedLine[] } {
  const dev = input.lines.find((l) => l.branch === input.developmentBranch);
  if (!dev || input.holding.has(dev.key) || input.holding.size === 0) return auto;
  if (input.kind !== 'bugfix' && input.kind !== 'security') return auto;
  if (!input.branches.has(input.developmentBranch) || auto.targets.some((t) => t.branch === input.developmentBranch)) return auto;
  const from = [...input.holding].join(', ');
  const target: BackportTarget = {
    name: dev.key,
    line: dev.key,
    branch: input.developmentBranch,
    status: dev.status,
    reason: `auto: forward-port: fixed on ${from} first; ${input.developmentBranch} does not have it`,
  };
  return { targets: [target, ...auto.targets], skipped: auto.skipped.filter((s) => s.line !== dev.key) };
}
