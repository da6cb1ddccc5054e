/**
 * The GitHub Action, a thin front end: reads the Actions environment the way @actions/core and
 * @actions/github do (INPUT_*, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY,
 * GITHUB_WORKSPACE, GITHUB_API_URL), decides from the event what to do, calls ONE use case and
 * renders its result as outputs (GITHUB_OUTPUT) and a job summary (GITHUB_STEP_SUMMARY).
 * Tokens are never printed: they go to the API client only.
 */
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { clockFromEnv } from '../adapters/clock.js';
import {
  githubBackport,
  githubBackportComment,
  githubCheck,
  releaseAndPublish,
  githubConflictStatus,
  missing,
  outputText,
  openApp,
  openRepo,
  status,
  type GitHubAccess,
  type GitHubBackportRequest,
  type GitHubBackportResult,
  type Workspace,
} from '../app/index.js';
import { githubAnnotation } from '../core/check/annotation.js';
import { markdownChunks } from '../core/coverage/format.js';
import { TrellisError } from '../core/errors.js';
import { DEFAULT_LABEL_PATTERN } from '../core/github/backport.js';
import { STATUS_COLUMNS, statusRows } from '../core/lines/index.js';
import { decide, type Decision } from './event.js';
import { backportOutputs, backportSummary, checkSummary, releaseSummary } from './summary.js';

interface Inputs {
  command: string;
  token: string;
  appId: string;
  privateKey: string;
  labelPattern: string;
  conflicts: 'draft' | 'fail';
  policy: string;
  line: string;
  pre: string;
  draft: boolean;
  milestone: string;
  moveOpenTo: string;
  reason: string;
}

function readInputs(): Inputs {
  const conflicts = core.getInput('conflicts') || 'draft';
  if (conflicts !== 'draft' && conflicts !== 'fail')
    throw new TrellisError('usage', `input conflicts: '${conflicts}' is not draft or fail`, 2);
  return {
    command: core.getInput('command'),
    token: core.getInput('token') || process.env.GITHUB_TOKEN || '',
    appId: core.getInput('app-id'),
    privateKey: core.getInput('private-key'),
    labelPattern: core.getInput('label-pattern') || DEFAULT_LABEL_PATTERN,
    conflicts,
    policy: core.getInput('policy'),
    line: core.getInput('line'),
    pre: core.getInput('pre'),
    draft: core.getInput('draft') === 'true',
    milestone: core.getInput('milestone'),
    moveOpenTo: core.getInput('move-open-to'),
    reason: core.getInput('reason'),
  };
}

function accessOf(inputs: Inputs, env: NodeJS.ProcessEnv): GitHubAccess {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new TrellisError('usage', 'GITHUB_REPOSITORY is not set (owner/repo)', 2);
  const app = inputs.appId && inputs.privateKey ? { id: inputs.appId, privateKey: inputs.privateKey } : undefined;
  if (!app && inputs.token.startsWith('ghs_')) {
    core.warning(
      'Pull requests opened with the workflow GITHUB_TOKEN do not start workflows, so CI will not run on the backports; give app-id and private-key (a GitHub App) to have CI run on them.',
    );
  }
  return { apiUrl: env.GITHUB_API_URL || 'https://api.github.com', owner, repo, token: inputs.token || undefined, app };
}

function workspaceOf(env: NodeJS.ProcessEnv): Workspace {
  return { cwd: env.GITHUB_WORKSPACE || process.cwd(), env, clock: clockFromEnv(env) };
}

/** Runs the Action in `env` (the process environment). */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = readInputs();
    const eventName = env.GITHUB_EVENT_NAME ?? '';
    const payload = env.GITHUB_EVENT_PATH ? (JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as object) : {};
    const decision = decide(eventName, payload, inputs.command, inputs.labelPattern, inputs.line);
    await carryOut(decision, inputs, env);
  } catch (e) {
    if (e instanceof TrellisError) core.setFailed(e.message.split('\n')[0] ?? '');
    else core.setFailed(`internal error: ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
}

async function carryOut(decision: Decision, inputs: Inputs, env: NodeJS.ProcessEnv): Promise<void> {
  switch (decision.kind) {
    case 'ignore':
      core.info(`trellis: nothing to do: ${decision.why}`);
      return;
    case 'status':
      return statusSummary(inputs, env);
    case 'missing':
      return missingSummary(inputs, env);
    case 'check':
      return checkRun(decision, inputs, env);
    case 'release':
      return releaseRun(decision, inputs, env);
    case 'conflict-status': {
      const ctx = await openRepo(workspaceOf(env));
      const r = await githubConflictStatus(ctx, accessOf(inputs, env), { pull: decision.pull, remote: 'origin', dryRun: false });
      core.info(
        r.ignored
          ? `trellis: nothing to do: ${r.ignored}`
          : `trellis: #${r.pull}: ${r.markers.length > 0 ? `conflict markers in ${r.markers.join(', ')}` : 'no conflict markers'}`,
      );
      return;
    }
    default:
      return backportRun(decision, inputs, env);
  }
}

async function backportRun(
  decision: Extract<Decision, { kind: 'backport' | 'comment' }>,
  inputs: Inputs,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const ctx = await openRepo(workspaceOf(env));
  const access = accessOf(inputs, env);
  const base: Omit<GitHubBackportRequest, 'asks'> = {
    pull: decision.pull,
    labelPattern: inputs.labelPattern,
    conflicts: inputs.conflicts,
    remote: 'origin',
    policy: inputs.policy || undefined,
    dryRun: false,
  };
  const result: GitHubBackportResult =
    decision.kind === 'comment'
      ? await githubBackportComment(ctx, access, { ...base, body: decision.body, commenter: decision.commenter })
      : await githubBackport(ctx, access, { ...base, asks: decision.asks });
  if (result.ignored) core.info(`trellis: nothing to do: ${result.ignored}`);
  for (const [k, v] of Object.entries(backportOutputs(result))) core.setOutput(k, v);
  for (const row of result.rows)
    if (row.outcome === 'conflict') core.warning(`backport of #${result.pull} to ${row.line} conflicts: draft #${row.pull}`);
  await core.summary.addRaw(backportSummary(result)).write();
  if (result.exitCode !== 0)
    core.setFailed(
      `backport of #${result.pull} failed on ${result.rows
        .filter((r) => r.outcome === 'failed')
        .map((r) => r.line)
        .join(', ')}`,
    );
}

async function statusSummary(inputs: Inputs, env: NodeJS.ProcessEnv): Promise<void> {
  const ctx = await openApp(workspaceOf(env), { policy: inputs.policy || undefined });
  const { report } = await status(ctx);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const table = [
    `| ${STATUS_COLUMNS.join(' | ')} |`,
    `| ${STATUS_COLUMNS.map(() => '---').join(' | ')} |`,
    ...statusRows(report).map((r) => `| ${r.map(esc).join(' | ')} |`),
  ];
  await core.summary.addRaw(['### Release lines', '', ...table, ''].join('\n')).write();
}

async function missingSummary(inputs: Inputs, env: NodeJS.ProcessEnv): Promise<void> {
  const ctx = await openApp(workspaceOf(env), { policy: inputs.policy || undefined });
  const result = await missing(ctx, { cache: false, renderer: { name: 'markdown', render: markdownChunks } });
  const text = outputText(result.chunks);
  await core.summary.addRaw(`### Missing backports\n\n${text}\n`).write();
  if (result.exitCode !== 0) core.setFailed('a security fix is missing on a line that must have it');
}

/** `check`: findings as annotations (the CLI's `--format github` lines), a summary table, output `findings`; failed on an error. */
async function checkRun(decision: Extract<Decision, { kind: 'check' }>, inputs: Inputs, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await githubCheck(workspaceOf(env), { policy: inputs.policy || undefined }, decision.pull ? { pull: decision.pull } : {});
  if (result.fetchedHead && decision.pull)
    core.info(
      `trellis: read #${decision.pull.number}'s head ${decision.pull.head} from refs/pull/${decision.pull.number}/head (not checked out)`,
    );
  for (const f of result.findings) process.stdout.write(`${githubAnnotation(f)}\n`);
  core.setOutput('findings', JSON.stringify(result.findings));
  await core.summary.addRaw(checkSummary(result)).write();
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  if (result.exitCode !== 0) core.setFailed(`trellis check: ${errors} error${errors === 1 ? '' : 's'}`);
}

/** `release`: the line's release written here (the milestone's version with `milestone`), branch and tag in one atomic push to origin, then the GitHub release; the milestone closed. */
async function releaseRun(decision: Extract<Decision, { kind: 'release' }>, inputs: Inputs, env: NodeJS.ProcessEnv): Promise<void> {
  const ctx = await openApp(workspaceOf(env), { policy: inputs.policy || undefined });
  const out = await releaseAndPublish(ctx, {
    release: { line: decision.line ?? undefined, ...(inputs.pre ? { pre: inputs.pre } : {}) },
    remote: 'origin',
    push: true,
    github: { access: accessOf(inputs, env), release: true, draft: inputs.draft },
    milestone: inputs.milestone
      ? { ref: inputs.milestone, moveOpenTo: inputs.moveOpenTo || undefined, reason: inputs.reason || undefined }
      : undefined,
  });
  if (out.release.flow !== 'trunk' || !out.publish) return;
  const plan = out.release.report.plan;
  core.setOutput('version', plan.version);
  core.setOutput('tag', plan.tag);
  core.setOutput('release-url', out.publish.release?.url ?? '');
  await core.summary.addRaw(releaseSummary(plan, out.publish, out.milestone)).write();
}
