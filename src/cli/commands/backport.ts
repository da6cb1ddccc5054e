/**
 * `trellis backport <commit|A..B>... [--to LINE|BRANCH]... [--auto] ...`, `--continue`, `--abort`.
 * Parses options, opens a context, calls one use case (src/app/backport*.ts) and prints its
 * report (text or `--json`).
 */
import { Option, type Command } from 'commander';
import { abortBackport } from '../../app/backport-abort.js';
import { continueBackport } from '../../app/backport-continue.js';
import { backport, type BackportRequest } from '../../app/backport.js';
import { openAppOrDefaults } from '../../app/default-policy.js';
import { resolutionSteps, type BackportReport, type PickStep, type RemoteBase, type TargetResult } from '../../core/backport/index.js';
import type { ChangeKind } from '../../core/changes/index.js';
import { usageError } from '../../core/errors.js';
import { workspace } from '../context.js';
import { backportPullRequest, pushReport } from './backport-github.js';
import { println, type CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { colorsOf, commandWithJson, jsonOption, jsonStyle, toJson, type Colors, type JsonFlag } from '../output.js';
import { paintOutcome } from '../tones.js';
import { outcomeLabel } from '../../core/vocabulary.js';

interface Flags {
  policy?: string;
  to?: string[];
  auto?: boolean;
  kind?: ChangeKind;
  introduced?: string;
  direct?: boolean;
  chain?: boolean;
  mainline?: string;
  conflicts?: 'fail' | 'branch';
  keepGoing?: boolean;
  forceEol?: boolean;
  reason?: string;
  allowFeature?: boolean;
  dryRun?: boolean;
  json?: JsonFlag;
  repo?: string;
  continue?: boolean;
  abort?: boolean;
  push?: boolean;
  pr?: string;
}

const short = (oid: string | null | undefined): string => (oid ? oid.slice(0, 10) : '-');

function describeStep(s: PickStep): string {
  if (s.status === 'clean') return `clean -> ${short(s.result)}`;
  if (s.status === 'already-present' && s.evidence === 'backport-branch') return `pending in ${short(s.carrier)}`;
  if (s.status === 'already-present') {
    const by = s.carrier ? ` in ${short(s.carrier)}` : '';
    const how = {
      ancestor: 'already on the branch',
      origin: 'recorded origin',
      'pull-request': 'names its pull request',
      merge: `came with merge ${short(s.merge)}`,
      'patch-id': 'same patch-id',
      empty: 'changes nothing',
      'backport-branch': 'backport branch',
    }[s.evidence];
    return `already present${by} (${how})`;
  }
  return `conflict in ${s.conflicts.map((c) => `${c.path} (${c.kind})`).join(', ')}`;
}

/** The target's outcome in the vocabulary's word and colour (`already present`, `conflict`, ...). */
function outcomeWord(c: Colors, r: TargetResult): string {
  return paintOutcome(c, r.outcome)(outcomeLabel(r.outcome));
}

/** The one line saying that `--direct` makes or moves a local branch from the remote-tracking one. */
function localBranchLine(branch: string, base: RemoteBase, notYet: boolean): string {
  const remote = base.ref.replace(/^refs\/remotes\//, '');
  if (base.local === null) return `${branch}: local branch ${notYet ? 'would be ' : ''}created from ${remote}`;
  return `${branch}: local branch ${notYet ? 'would be ' : ''}fast-forwarded from ${short(base.local)} past ${remote}`;
}

/**
 * The skipped lines, one a line; three or more with one reason share a line, in the order of
 * the first (tarantool has 21 end-of-life series, which listed one by one pushed the plan off
 * the screen).
 */
export function skipLines(skipped: ReadonlyArray<{ line: string; reason: string }>): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.line]);
  const out: string[] = [];
  for (const [reason, lines] of byReason) {
    if (lines.length >= 3) out.push(`skip lines ${lines.join(', ')}: ${reason}`);
    else for (const l of lines) out.push(`skip line ${l}: ${reason}`);
  }
  return out;
}

/** Prints a report for people. */
function printReport(io: CliIo, rep: BackportReport): void {
  const out = (t = '') => println(io.stdout, t);
  const colours = colorsOf(io);
  if (rep.action === 'abort') {
    out(
      `backport aborted: ${rep.updates.length === 0 ? 'nothing to undo' : rep.updates.map((u) => `${u.newOid ? 'restored' : 'deleted'} ${u.ref.replace(/^refs\/heads\//, '')}`).join(', ')}`,
    );
    return;
  }
  if (rep.kind) out(`change kind: ${rep.kind}`);
  for (const line of skipLines(rep.skipped)) out(line);
  for (const n of rep.notes ?? []) out(`note: ${n}`);
  const plan = rep.plan;
  if (!plan) {
    out('no target needs this change');
    return;
  }
  if (rep.dryRun) {
    out(
      `plan (dry run, no ref changes): ${plan.commits.length} commit(s) to ${plan.targets.length} target(s)${plan.options.chain ? ', chained newest to oldest' : ''}`,
    );
  }
  if (rep.markers && rep.markers.length > 0) {
    io.stderr.write('trellis: cannot continue, conflicts remain:\n');
    for (const m of rep.markers) io.stderr.write(`  ${m}\n`);
    io.stderr.write('nothing was changed; resolve, commit on the -conflicts branch, then run trellis backport --continue\n');
    return;
  }
  plan.targets.forEach((t, i) => {
    const r = rep.results[i] as TargetResult;
    const dest = t.resultRef.replace(/^refs\/heads\//, '');
    out(
      `${t.target.name}  (${t.target.branch} at ${short(t.base)}${t.from !== null ? `, from ${plan.targets[t.from]?.target.name}` : ''})  ${outcomeWord(colours, r)}`,
    );
    plan.commits.forEach((c, k) => {
      const s = r.steps[k];
      out(
        `  ${short(c.oid)} ${c.subject}: ${s ? describeStep(s) : r.outcome === 'refused' || r.outcome === 'blocked' ? outcomeLabel(r.outcome) : 'not attempted'}`,
      );
    });
    if (r.reason) out(`  ${r.reason}`);
    if (r.outcome === 'clean') {
      const landed = rep.landed.includes(i);
      const verb = rep.dryRun ? 'would write' : landed ? 'wrote' : 'held back (not written)';
      const old = t.remoteBase ? t.remoteBase.local : t.base;
      const was = old ? ` (was ${short(old)})` : ' (new)';
      out(`  ${verb} ${dest} -> ${short(r.head)}${plan.options.mode === 'direct' ? was : ''}`);
      if (t.remoteBase) out(`  ${localBranchLine(t.target.branch, t.remoteBase, rep.dryRun || !landed)}`);
    }
    if (r.outcome === 'conflict' && !rep.dryRun) {
      const cb = t.conflictsRef.replace(/^refs\/heads\//, '');
      if (r.markers && rep.waiting.includes(i)) {
        out(`  wrote ${cb} (conflict markers; do not merge). To resolve:`);
        const step = r.steps.find((s) => s.status === 'conflict');
        const paths = step && step.status === 'conflict' ? step.conflicts.map((c) => c.path) : [];
        for (const line of resolutionSteps(cb, paths)) out(`    ${line}`);
      }
    }
  });
  if (!rep.dryRun) {
    if (rep.exitCode === 0)
      out(rep.updates.length === 0 ? 'nothing to change' : `done: ${rep.updates.length} ref(s) changed in one transaction`);
    else if (rep.waiting.length > 0)
      out(`waiting for conflict resolution (state: ${rep.statePath}); then trellis backport --continue, or --abort`);
    else if (rep.updates.length === 0) out('no ref was changed');
    else out(`landed the clean targets (${rep.updates.length} ref(s)); the others are reported above`);
  }
}

function parseMainline(v: string | undefined): number | null {
  if (v === undefined) return null;
  if (!/^[1-9][0-9]*$/.test(v)) throw usageError(`--mainline must be a parent number (1, 2, ...), got '${v}'`);
  return Number(v);
}

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'backport')
    .description(
      'carry commits to release lines without touching the work tree: one backport branch per target (or --direct), all refs in one transaction',
    )
    .argument('[commits...]', 'commits or ranges A..B to carry, oldest first within a range')
    .addOption(
      new Option('--to <line|branch>', 'target line (e.g. 1.2) or branch; repeatable').argParser(
        (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
      ),
    )
    .option('--auto', "targets from the policy and today's line statuses (kind, Fixes:, end-of-life)")
    .addOption(new Option('--kind <kind>', 'change kind for --auto (default: from the commit)').choices(['feature', 'bugfix', 'security']))
    .option('--introduced <rev|version>', 'the commit or version that introduced the bug: only lines containing it')
    .option('--direct', 'advance the line branch itself instead of creating a backport branch')
    .option('--chain', "carry line by line, newest to oldest, each pick from the previous line's result")
    .option('--mainline <n>', 'for merge commits: the parent whose diff is picked (like cherry-pick -m)')
    .addOption(
      new Option('--conflicts <mode>', 'on conflict: fail (default) or write a -conflicts branch to resolve').choices(['fail', 'branch']),
    )
    .option('--keep-going', 'land the clean targets even when others fail')
    .option('--force-eol', 'allow end-of-life lines (needs --reason)')
    .option('--allow-feature', 'allow a feature or breaking change on a line whose next release is a patch (needs --reason)')
    .option('--reason <text>', 'why an end-of-life line or a patch line gets the change (recorded as a trailer)')
    .option('--dry-run', 'print the plan and predicted outcomes; change no ref')
    .addOption(jsonOption('print the plan or report as JSON'))
    .option('--continue', 'finish a backport after resolving its -conflicts branches')
    .option('--abort', 'drop an unfinished backport and its -conflicts branches')
    .option('--push', 'push the backport branches to the remote (one atomic push)')
    .option('--pr <number>', 'with --push: backport merged pull request N on GitHub as the Action does (GITHUB_TOKEN)')
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root, else the defaults)'))
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  trellis backport 1a2b3c4 --to 1.2 --to 1.1        one backport branch per line',
        "  trellis backport 1a2b3c4 --auto --dry-run         targets from the change kind and today's line statuses",
        '  trellis backport v1.3.0..fix --to release/1.2     a range, oldest first',
        '  trellis backport --continue                       after resolving a -conflicts branch',
        '  trellis backport 1a2b3c4 --to 1.2 --push          ... and push the branch it wrote',
        '  trellis backport --pr 1234 --push                 as the GitHub Action does for merged pull request 1234',
        '  trellis backport 1a2b3c4 --auto --dry-run --json  the plan as JSON',
      ].join('\n'),
    )
    .action(async (commits: string[], flags: Flags, cmd: Command) => {
      if (flags.pr !== undefined) return backportPullRequest(io, commits, flags, cmd);
      const ctx = await openAppOrDefaults(workspace(io), { repo: flags.repo, policy: flags.policy });
      let rep: BackportReport;
      if (flags.continue || flags.abort) {
        if (flags.continue && flags.abort) throw usageError('--continue and --abort exclude each other');
        const extra = commits.length > 0 || flags.to || flags.auto || flags.dryRun || flags.direct || flags.chain;
        if (extra)
          throw usageError(`--${flags.continue ? 'continue' : 'abort'} takes no commits or other options (it uses the saved state)`);
        rep = flags.continue ? await continueBackport(ctx) : await abortBackport(ctx);
      } else {
        if (commits.length === 0) throw usageError('name at least one commit or range to backport');
        rep = await backport(ctx, requestOf(commits, flags));
      }
      if (flags.json) io.stdout.write(toJson(rep, jsonStyle(flags.json, io)));
      else printReport(io, rep);
      if (flags.push) await pushReport(io, flags, rep);
      if (rep.exitCode !== 0) setExitCode(cmd, rep.exitCode);
    });
}

function requestOf(commits: string[], flags: Flags): BackportRequest {
  return {
    revisions: commits,
    to: flags.to ?? [],
    auto: !!flags.auto,
    kind: flags.kind ?? null,
    introduced: flags.introduced ?? null,
    mode: flags.direct ? 'direct' : undefined,
    conflicts: flags.conflicts,
    chain: flags.chain ? true : undefined,
    keepGoing: !!flags.keepGoing,
    mainline: parseMainline(flags.mainline),
    forceEol: !!flags.forceEol,
    reason: flags.reason ?? null,
    allowFeature: !!flags.allowFeature,
    dryRun: !!flags.dryRun,
  };
}
