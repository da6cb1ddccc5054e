/**
 * What git says about advisories on each line: whether the line's tip contains the introducing
 * commit (a line that forked before it is not affected), which line commit carries a fix —
 * found by the same equivalence as `missing` and `backport` (facts/coverage/presence.ts:
 * reachability, origin trailer, pull-request number, patch-id), so a fix backported with
 * conflicts and a `(cherry picked from commit …)` line still counts — and which release tags
 * contain each. Reads: one presence query for all fixes on all lines, one `merge-base
 * --is-ancestor` per (introducing commit, line tip) pair, and one `for-each-ref --contains` per
 * introducing or fixing commit for the tags (not one process per tag: lines with a hundred
 * patch releases are common).
 */
import type { AdvisoryLineFacts, TagFacts } from '../core/advisory/derive.js';
import type { AdvisoryRecord } from '../core/advisory/record.js';
import type { Evidence } from '../core/coverage/equivalence.js';
import type { LineToday } from '../core/lines/today.js';
import type { Policy } from '../core/policy/schema.js';
import type { Git } from '../git/git.js';
import { refsContaining } from '../git/ref-values.js';
import { presenceOnLines } from './coverage/presence.js';

/** A line's tip: its branch, else its newest tag (a tags-only line). */
function tipOf(l: LineToday): string | null {
  return l.line.branchCommit ?? l.line.latestTag?.commit ?? null;
}

/** Each record's id → its facts on every line that has a tip, in the lines' order. */
export async function advisoryLineFacts(
  git: Git,
  policy: Policy,
  lines: readonly LineToday[],
  records: readonly AdvisoryRecord[],
): Promise<Map<string, AdvisoryLineFacts[]>> {
  const withTips = lines.flatMap((l) => {
    const tip = tipOf(l);
    return tip === null ? [] : [{ l, tip }];
  });
  const fixes = [...new Set(records.flatMap((r) => r.database_specific.fixes))];
  const source = lines.find((l) => l.kind === 'development')?.line.branchCommit ?? undefined;
  const tips = [...new Set(withTips.map((w) => w.tip))];
  const presence =
    fixes.length > 0 && tips.length > 0
      ? await presenceOnLines(git, policy, { commits: fixes, targets: tips, source })
      : new Map<string, Map<string, Evidence | null>>();
  const memo = new Map<string, Promise<boolean>>();
  const contains = (tip: string, commit: string): Promise<boolean> => {
    const key = `${commit}..${tip}`;
    let p = memo.get(key);
    if (!p) memo.set(key, (p = commit === tip ? Promise.resolve(true) : git.isAncestor(commit, tip)));
    return p;
  };
  // Tags: one `for-each-ref --contains` per commit asked, over the lines' release tags.
  const tagRefs = [...new Set(withTips.flatMap(({ l }) => l.line.releases.map((t) => `refs/tags/${t.tag}`)))];
  const tagMemo = new Map<string, Promise<Set<string>>>();
  const tagsWith = (commit: string): Promise<Set<string>> => {
    let p = tagMemo.get(commit);
    if (!p) tagMemo.set(commit, (p = refsContaining(git, commit, tagRefs)));
    return p;
  };
  const out = new Map<string, AdvisoryLineFacts[]>();
  for (const r of records) {
    const intro = r.database_specific.introduced;
    const rows: AdvisoryLineFacts[] = [];
    for (const { l, tip } of withTips) {
      const affected = intro === undefined ? true : await contains(tip, intro);
      const found = presence.get(tip);
      let fix: AdvisoryLineFacts['fix'] = null;
      for (const f of r.database_specific.fixes) {
        const ev = found?.get(f) ?? null;
        if (ev) {
          fix = { commit: ev.commit, via: ev.via, fixes: f };
          break;
        }
      }
      const withIntro = affected && intro !== undefined ? await tagsWith(intro) : null;
      const withFix = fix !== null ? await tagsWith(fix.commit) : new Set<string>();
      const tags: TagFacts[] = l.line.releases.flatMap((t) =>
        t.commit === null
          ? []
          : [
              {
                tag: t.tag,
                version: t.version,
                date: t.date,
                introduced: intro === undefined ? true : (withIntro?.has(`refs/tags/${t.tag}`) ?? false),
                fixed: withFix.has(`refs/tags/${t.tag}`),
              },
            ],
      );
      rows.push({
        line: l.key,
        branch: l.branch,
        kind: l.kind,
        status: l.status,
        support: l.support,
        backportStatus: l.backportStatus,
        affected,
        fix,
        tags,
      });
    }
    out.set(r.id, rows);
  }
  return out;
}
