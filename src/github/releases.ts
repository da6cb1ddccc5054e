/** Releases: one function per API call. */
import { apiFailure, type GitHub } from './client.js';

export interface NewRelease {
  tag: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  /** GitHub's `make_latest`: `"true"` only for the newest line's release. */
  makeLatest: 'true' | 'false';
}

export interface ReleaseInfo {
  id: number;
  url: string;
  draft: boolean;
  prerelease: boolean;
}

/** The release of `tag`, or null when there is none (drafts are not found by tag). */
export async function releaseByTag(gh: GitHub, tag: string): Promise<ReleaseInfo | null> {
  try {
    const { data } = await gh.octokit.rest.repos.getReleaseByTag({ owner: gh.owner, repo: gh.repo, tag });
    return { id: data.id, url: data.html_url, draft: data.draft, prerelease: data.prerelease };
  } catch (e) {
    if ((e as { status?: number }).status === 404) return null;
    throw apiFailure(e, `reading the release of ${tag}`);
  }
}

/** Creates a release of an existing tag. */
export async function createRelease(gh: GitHub, r: NewRelease): Promise<ReleaseInfo> {
  try {
    const { data } = await gh.octokit.rest.repos.createRelease({
      owner: gh.owner,
      repo: gh.repo,
      tag_name: r.tag,
      name: r.name,
      body: r.body,
      draft: r.draft,
      prerelease: r.prerelease,
      make_latest: r.makeLatest,
    });
    return { id: data.id, url: data.html_url, draft: data.draft, prerelease: data.prerelease };
  } catch (e) {
    throw apiFailure(e, `creating the release of ${r.tag}`);
  }
}
