/**
 * Use case `hotfixStartTrunk` (Lightspeed-style trunk flow): `trellis hotfix start VERSION`
 * creates `hotfix/VERSION` from the development branch ("create hotfix/x.y.z+1 from main, then
 * follow same flow") when VERSION is the next patch of a released, supported line. The release
 * and the merge into main are `trellis release hotfix/VERSION` and `trellis merge-back
 * hotfix/VERSION`.
 */
import { applyRefChanges } from '../apply/release/gitflow.js';
import { developmentBranchOf } from '../core/policy/flow.js';
import { branchRef } from '../core/refname.js';
import type { GitflowReport, RefChange } from '../core/release/gitflow.js';
import { checkNextPatch, hotfixBranchOf } from '../core/release/hotfix-trunk.js';
import { latestTagOf, lineOfVersion, releaseScheme } from '../core/release/version.js';
import { TrellisError } from '../core/errors.js';
import { readReleaseLines } from '../facts/release-lines.js';
import type { AppContext } from './context.js';

export async function hotfixStartTrunk(ctx: AppContext, req: { version: string; dryRun?: boolean | undefined }): Promise<GitflowReport> {
  const { git, policy } = ctx;
  const scheme = releaseScheme(policy);
  const version = scheme.normalize(req.version);
  const key = lineOfVersion(scheme.parse(version), policy);
  const { lines, branches } = await readReleaseLines(git, policy, ctx.today, { remote: ctx.remote });
  const line = lines.find((l) => l.key === key);
  if (!line) throw new TrellisError('not-found', `no line ${key}: a hotfix patches a released line`, 2);
  const latest = latestTagOf(
    scheme,
    line.tags.filter((t) => scheme.tryParse(t.version)?.isPrerelease === false),
  );
  checkNextPatch(scheme, version, { key, latest: latest?.version ?? null, eol: line.status === 'end-of-life' });
  const branch = hotfixBranchOf(policy, version);
  const from = developmentBranchOf(policy);
  const fromCommit = branches.tips.get(from)?.commit ?? null;
  if (!fromCommit) throw new TrellisError('not-found', `branch '${from}' does not exist`, 2);
  const exists = branches.tips.has(branch);
  const refs: RefChange[] = exists
    ? []
    : [{ ref: branchRef(branch), action: 'create', old: null, new: fromCommit, what: `branch at ${from}` }];
  const dryRun = req.dryRun === true;
  const report: GitflowReport = {
    command: 'hotfix start',
    dryRun,
    version,
    tag: null,
    branch,
    checks: [{ id: 'develop-branch', status: 'ok', message: `${version} is the next patch of line ${key} (latest ${latest!.version})` }],
    merges: [],
    refs,
    notes: null,
    exitCode: 0,
    summary: exists
      ? `${branch} already exists: nothing to do`
      : dryRun
        ? `dry run: would create ${branch} at ${from}`
        : `created ${branch} at ${from}; commit the fix there, then run 'trellis release ${branch}' and 'trellis merge-back ${branch}'`,
  };
  if (!dryRun) await applyRefChanges(git, refs, `trellis: hotfix start ${version}`);
  return report;
}
