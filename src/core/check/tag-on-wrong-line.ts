/**
 * `tag-on-wrong-line`: a version tag whose commit only another line's branch holds (`v1.3.1`
 * tagged on `release-1.2.x`): the tag belongs to line 1.3 by its version, so its commit must be
 * on a branch of 1.3, or on the development branch (a line's first tags may come before its
 * branch is cut). A line without a branch is not judged; a tag on a commit no branch holds (a
 * topic branch, a deleted one) is reported too.
 */
import { short } from './exception.js';
import type { CheckFacts, RuleFinding } from './types.js';

export function tagOnWrongLine(facts: CheckFacts): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const t of facts.tags ?? []) {
    if (!t.inScope) continue;
    const own = facts.lines.find((l) => l.key === t.line && l.kind === 'release');
    if (!own || own.line.branches.length === 0) continue;
    if (t.heldBy.includes(t.line) || t.onDevelopment) continue;
    const others = t.heldBy.map((k) => facts.lines.find((l) => l.key === k)?.branch ?? k);
    const where = others.length > 0 ? `which only ${others.join(', ')} holds` : 'which no release branch holds';
    out.push({
      message: `tag ${t.tag} (line ${t.line}) points at ${short(t.commit)}, ${where}, not ${own.branch ?? own.line.branches[0]!.name}`,
      line: t.line,
      commit: t.commit,
    });
  }
  return out;
}
