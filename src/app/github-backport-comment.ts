/**
 * Use case `githubBackportComment`: a `/backport <line…|all-supported|lts|auto>` comment on a
 * merged pull request. Only users with write access may ask (their permission is read through
 * the API, never taken from the event); anyone else gets a polite refusal comment and nothing
 * else happens.
 */
import { asksOfComment, refusalComment } from '../core/github/backport.js';
import { canWrite, createComment, permissionOf } from '../github/index.js';
import type { RepoContext } from './context.js';
import { connect, type GitHubAccess } from './github-access.js';
import { backportWith, type GitHubBackportRequest, type GitHubBackportResult } from './github-backport.js';

/** The comment and who wrote it, with the backport's settings. */
export interface GitHubBackportCommentRequest extends Omit<GitHubBackportRequest, 'asks'> {
  body: string;
  commenter: string;
}

/** The backport's result, or why nothing was done; `refused` when the commenter may not ask. */
export interface GitHubBackportCommentResult extends GitHubBackportResult {
  refused: boolean;
}

export async function githubBackportComment(
  ctx: RepoContext,
  access: GitHubAccess,
  req: GitHubBackportCommentRequest,
): Promise<GitHubBackportCommentResult> {
  const asks = asksOfComment(req.body);
  const nothing = { pull: req.pull, rows: [], comment: null, pushed: [], requests: 0, dryRun: req.dryRun, exitCode: 0 as const };
  if (asks === null) return { ...nothing, ignored: 'the comment is not a /backport command', refused: false };
  const gh = await connect(access);
  const permission = await permissionOf(gh, req.commenter);
  if (!canWrite(permission)) {
    if (!req.dryRun) await createComment(gh, req.pull, refusalComment(req.commenter));
    return {
      ...nothing,
      ignored: `${req.commenter} has ${permission} permission; backports need write access`,
      refused: true,
      requests: gh.stats.requests,
    };
  }
  const result = await backportWith(ctx, gh, { ...req, asks: asks.length > 0 ? asks : ['auto'] });
  return { ...result, refused: false };
}
