/**
 * A GitHub release of a Trellis release: its notes (the changelog section's entries, grouped as
 * in the changelog file) and whether it becomes the repository's "latest" release. Only the
 * newest line's final release is latest: a 0.4.5 maintenance release published after 0.5.0 is
 * `make_latest: "false"`, so the download button keeps pointing at 0.5.x.
 */
import { CHANGELOG_SECTIONS, entryText, type ChangeEntry } from '../release/changelog.js';
import type { VersionScheme } from '../version/types.js';

/** The release notes: `### Section` then `- entry` lines, in the changelog's section order. */
export function releaseNotes(version: string, changes: readonly ChangeEntry[]): string {
  if (changes.length === 0) return `Release ${version}: no notable changes.\n`;
  const out: string[] = [];
  for (const section of CHANGELOG_SECTIONS) {
    const entries = changes.filter((e) => e.section === section);
    if (entries.length === 0) continue;
    out.push(`### ${section}`, '', ...entries.map((e) => `- ${entryText(e, true)}`), '');
  }
  return out.join('\n');
}

/**
 * `make_latest` for `version`: `"true"` when it is a final release at least as new as every
 * other final version the repository has (`others`, from its tags), else `"false"`.
 */
export function makeLatest(scheme: VersionScheme, version: string, others: Iterable<string>): 'true' | 'false' {
  const v = scheme.tryParse(version);
  if (!v || v.isPrerelease) return 'false';
  for (const o of others) {
    const p = scheme.tryParse(o);
    if (p && !p.isPrerelease && scheme.compare(p, v) > 0) return 'false';
  }
  return 'true';
}

/** The body of the post-release pull request (Llama Stack-style `.dev0` bump proposed for review). */
export function postReleaseBody(version: string, tag: string, base: string): string {
  return [
    `The post-release steps after ${version} (tag \`${tag}\`) on \`${base}\`: the development version bump and the other`,
    'files the policy bumps after a release (`versionFiles` with `when: [post-release]`).',
    '',
    'Proposed as a pull request because the policy says `github.postRelease: pull-request`; merge it to finish the release.',
  ].join('\n');
}
