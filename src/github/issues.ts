/** Issue operations (comments, labels, milestones) that pull requests share: one function per API call. */
import { apiFailure, type GitHub } from './client.js';
import type { CommentInfo } from './types.js';

/** Every comment on an issue or pull request, oldest first (paginated). */
export async function listComments(gh: GitHub, issue: number): Promise<CommentInfo[]> {
  try {
    const all = await gh.octokit.paginate(gh.octokit.rest.issues.listComments, {
      owner: gh.owner,
      repo: gh.repo,
      issue_number: issue,
      per_page: 100,
    });
    return all.map((c) => ({ id: c.id, body: c.body ?? '', author: c.user?.login ?? '' }));
  } catch (e) {
    throw apiFailure(e, `listing the comments of #${issue}`);
  }
}

/** Adds a comment. */
export async function createComment(gh: GitHub, issue: number, body: string): Promise<CommentInfo> {
  try {
    const { data } = await gh.octokit.rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issue, body });
    return { id: data.id, body: data.body ?? '', author: data.user?.login ?? '' };
  } catch (e) {
    throw apiFailure(e, `commenting on #${issue}`);
  }
}

/** Rewrites a comment. */
export async function updateComment(gh: GitHub, id: number, body: string): Promise<void> {
  try {
    await gh.octokit.rest.issues.updateComment({ owner: gh.owner, repo: gh.repo, comment_id: id, body });
  } catch (e) {
    throw apiFailure(e, `updating comment ${id}`);
  }
}

/** Adds labels (GitHub creates labels it does not know). */
export async function addLabels(gh: GitHub, issue: number, labels: readonly string[]): Promise<void> {
  if (labels.length === 0) return;
  try {
    await gh.octokit.rest.issues.addLabels({ owner: gh.owner, repo: gh.repo, issue_number: issue, labels: [...labels] });
  } catch (e) {
    throw apiFailure(e, `labelling #${issue}`);
  }
}

/** Removes a label; one the issue does not have is not an error. */
export async function removeLabel(gh: GitHub, issue: number, name: string): Promise<void> {
  try {
    await gh.octokit.rest.issues.removeLabel({ owner: gh.owner, repo: gh.repo, issue_number: issue, name });
  } catch (e) {
    if ((e as { status?: number }).status === 404) return;
    throw apiFailure(e, `removing label ${name} from #${issue}`);
  }
}

/** Puts an issue or pull request in a milestone (by number). */
export async function setMilestone(gh: GitHub, issue: number, milestone: number): Promise<void> {
  try {
    await gh.octokit.rest.issues.update({ owner: gh.owner, repo: gh.repo, issue_number: issue, milestone });
  } catch (e) {
    throw apiFailure(e, `setting the milestone of #${issue}`);
  }
}

/** The open milestones (number and title), paginated. */
export async function openMilestones(gh: GitHub): Promise<Array<{ number: number; title: string }>> {
  try {
    const all = await gh.octokit.paginate(gh.octokit.rest.issues.listMilestones, {
      owner: gh.owner,
      repo: gh.repo,
      state: 'open',
      per_page: 100,
    });
    return all.map((m) => ({ number: m.number, title: m.title }));
  } catch (e) {
    throw apiFailure(e, 'listing the open milestones');
  }
}

/** Every milestone (open and closed): number, title, state and open issue count. */
export async function allMilestones(gh: GitHub): Promise<Array<{ number: number; title: string; state: string; openIssues: number }>> {
  try {
    const all = await gh.octokit.paginate(gh.octokit.rest.issues.listMilestones, {
      owner: gh.owner,
      repo: gh.repo,
      state: 'all',
      per_page: 100,
    });
    return all.map((m) => ({ number: m.number, title: m.title, state: m.state, openIssues: m.open_issues }));
  } catch (e) {
    throw apiFailure(e, 'listing the milestones');
  }
}

/** The open issues and pull requests of a milestone (number and title), paginated. */
export async function openIssuesOf(gh: GitHub, milestone: number): Promise<Array<{ number: number; title: string }>> {
  try {
    const all = await gh.octokit.paginate(gh.octokit.rest.issues.listForRepo, {
      owner: gh.owner,
      repo: gh.repo,
      milestone: String(milestone),
      state: 'open',
      per_page: 100,
    });
    return all.map((i) => ({ number: i.number, title: i.title }));
  } catch (e) {
    throw apiFailure(e, `listing the open issues of milestone ${milestone}`);
  }
}

/** Closes a milestone. */
export async function closeMilestone(gh: GitHub, milestone: number): Promise<void> {
  try {
    await gh.octokit.rest.issues.updateMilestone({ owner: gh.owner, repo: gh.repo, milestone_number: milestone, state: 'closed' });
  } catch (e) {
    throw apiFailure(e, `closing milestone ${milestone}`);
  }
}
