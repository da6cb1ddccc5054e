/**
 * Trellis's own commits (version bumps, lockfiles, changelog sections, entrypoint commits: each
 * marked with a `Trellis-Step:` trailer) are not unreleased changes: a release line whose only
 * commits since its tag are the post-release bumps has nothing to release.
 */
import { STEP_TRAILER } from '../core/release/changelog.js';
import type { LineDiscovery } from '../core/lines/index.js';
import { countMatching, type Git } from '../git/index.js';

/** The discovery with each line's unreleased commits counted without Trellis's own commits (one `rev-list` per line that has any). */
export async function withoutOwnCommits(git: Git, d: LineDiscovery): Promise<LineDiscovery> {
  const lines = await Promise.all(
    d.lines.map(async (l) => {
      const base = l.latestTag?.commit ?? l.entrypoint?.commit ?? null;
      if (!l.unreleasedCommits || !l.branchCommit || !base) return l;
      const own = await countMatching(git, base, l.branchCommit, `^${STEP_TRAILER}: `);
      return own === 0 ? l : { ...l, unreleasedCommits: Math.max(0, l.unreleasedCommits - own) };
    }),
  );
  return { ...d, lines };
}
