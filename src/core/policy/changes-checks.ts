/**
 * Semantic checks of the `changes` section (after the schema): every glob and regular
 * expression can be compiled, each rule has a condition, and `excludePaths` only goes with
 * `paths` or `anyPaths`. Problems are located at the value that causes them.
 */
import { globProblem } from '../changes/glob.js';
import { patternProblem } from '../changes/rules.js';
import type { Path, PolicyDocument } from './problems.js';
import type { Policy } from './schema.js';

const PATH_KEYS = ['paths', 'anyPaths', 'excludePaths'] as const;
const CONDITIONS = ['paths', 'anyPaths', 'subject', 'body', 'types', 'scopes'] as const;

/** Checks `changes.rules` and `changes.security.patterns`; problems go to `ctx`. */
export function checkChanges(changes: Policy['changes'] | undefined, ctx: PolicyDocument): void {
  if (!changes) return;
  changes.rules.forEach((rule, i) => {
    const base: Path = ['changes', 'rules', i];
    if (!CONDITIONS.some((k) => rule[k] !== undefined)) {
      ctx.at(
        base,
        `a change rule needs a condition (${CONDITIONS.join(', ')}); without one it would give every change the kind ${rule.kind}`,
      );
    }
    if (rule.excludePaths !== undefined && rule.paths === undefined && rule.anyPaths === undefined) {
      ctx.at([...base, 'excludePaths'], 'excludePaths only narrows paths or anyPaths: give one of them too', { which: 'key' });
    }
    for (const key of PATH_KEYS) {
      rule[key]?.forEach((glob, j) => {
        const problem = globProblem(glob);
        if (problem) ctx.at([...base, key, j], `bad glob: ${problem}`);
      });
    }
    for (const key of ['subject', 'body'] as const) {
      const pattern = rule[key];
      const problem = pattern === undefined ? null : patternProblem(pattern);
      if (problem) ctx.at([...base, key], problem);
    }
  });
  changes.security.patterns.forEach((pattern, i) => {
    const problem = patternProblem(pattern);
    if (problem) ctx.at(['changes', 'security', 'patterns', i], problem);
  });
}
