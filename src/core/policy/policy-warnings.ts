/** Warnings about a valid policy: settings that, as written, do nothing (see `PolicyCheckResult.warnings`). */
import type { PolicyDocument } from './problems.js';
import type { InputShape } from './semantic-checks.js';

/** Every warning; they go to `ctx.warnings`. */
export function policyWarnings(p: InputShape, ctx: PolicyDocument): void {
  const lts = p.support.lts;
  if (lts.duration !== undefined) return;
  // LTS support is the lts.duration from the first release: without it an LTS line ends like any other.
  if (lts.lines.length > 0) {
    const n = lts.lines.length;
    ctx.warn(
      ['support', 'lts', 'lines'],
      `LTS line${n === 1 ? '' : 's'} ${lts.lines.join(', ')} get${n === 1 ? 's' : ''} no longer support than the others: support.lts.duration is not set (e.g. "24 months")`,
    );
  }
  for (const [key, entry] of Object.entries(p.support.lines)) {
    if (entry.lts === true && entry.eol === undefined) {
      ctx.warn(
        ['support', 'lines', key, 'lts'],
        `line ${key} is marked LTS but gets no longer support than the others: set support.lts.duration, or its eol date here`,
      );
    }
  }
}
