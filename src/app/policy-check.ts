/**
 * Use case `policy check`: validates the policy file and lists every problem at file:line:col.
 * The file is found by the one policy reader (facts/policy-file.ts); a repository is optional
 * (a policy can be checked in a plain folder). In a repository, the policy is also checked
 * against it (core/repo-checks): version files at the branches they are written on, tags the
 * scheme does not read.
 */
import { join, resolve } from 'node:path';
import { TrellisError, isTrellisError } from '../core/errors.js';
import { dateOf } from '../core/policy/duration.js';
import { inFileOrder, type PolicyProblem } from '../core/policy/check-result.js';
import { POLICY_FILE, display, type PolicyLocation } from '../facts/policy-file.js';
import { readRepositoryFindings } from '../facts/repository-checks.js';
import type { Git } from '../git/index.js';
import { openRepo, policyTextIn, type Workspace } from './context.js';
import { checkedPolicy } from './policy-load.js';

export { POLICY_FILE };

export interface PolicyCheckRequest {
  /** The policy file (relative to the workspace's directory); default: `.trellis.yml` at the repository root. */
  file?: string | undefined;
  /** The repository (or folder) whose policy to check; default: the one holding the workspace's directory. */
  repo?: string | undefined;
}

export interface PolicyCheckReport {
  /** The file, as shown in messages. */
  file: string;
  ok: boolean;
  /** Every problem, in file order. */
  problems: PolicyProblem[];
  /** What works but probably not as meant (an LTS list without a duration, tags the scheme drops), in file order. */
  warnings: PolicyProblem[];
  /** 0 when the policy is valid, 2 when it has problems. */
  exitCode: 0 | 2;
}

export async function policyCheck(ws: Workspace, req: PolicyCheckRequest = {}): Promise<PolicyCheckReport> {
  const { report } = await checkIn(ws, req);
  return report;
}

/**
 * What a command run with this policy should warn about (on stderr, say): the problems the
 * repository checks find and every warning, located. Nothing when the policy does not load (the
 * command itself reports that) or there is none.
 */
export async function policyWarnings(ws: Workspace, req: PolicyCheckRequest = {}): Promise<PolicyProblem[]> {
  try {
    const { report, loaded } = await checkIn(ws, req);
    return loaded ? inFileOrder([...report.problems, ...report.warnings]) : [];
  } catch (e) {
    if (isTrellisError(e)) return [];
    throw e;
  }
}

async function checkIn(ws: Workspace, req: PolicyCheckRequest): Promise<{ report: PolicyCheckReport; loaded: boolean }> {
  const dir = resolve(ws.cwd, req.repo ?? '.');
  const git = await repositoryAt(ws, dir);
  const at = location(ws, req, dir, git);
  let found: { text: string; file: string };
  try {
    found = await policyTextIn(ws, at);
  } catch (e) {
    if (isTrellisError(e) && e.code === 'not-found') {
      throw new TrellisError('not-found', `no policy file at ${shownPath(at)} (write one with 'trellis init --preset <name>')`, 2);
    }
    throw e;
  }
  const checked = await checkedPolicy(ws.session, git, found.text, found.file);
  let { problems, warnings } = checked;
  if (checked.policy && git) {
    const findings = await readRepositoryFindings(git, checked.policy, dateOf(ws.clock.now()));
    if (findings.length > 0) {
      // The YAML document locates them: loaded only when there is something to locate.
      const { locatePolicyMessages } = await import('../core/policy/problems.js');
      const located = (severity: 'problem' | 'warning') =>
        locatePolicyMessages(
          found.text,
          found.file,
          findings.filter((f) => f.severity === severity),
        );
      problems = inFileOrder([...problems, ...located('problem')]);
      warnings = inFileOrder([...warnings, ...located('warning')]);
    }
  }
  const ok = problems.length === 0;
  return { report: { file: found.file, ok, problems, warnings, exitCode: ok ? 0 : 2 }, loaded: checked.policy !== null };
}

/** The repository at `dir`, or null when there is none (or no usable git): a plain folder. */
async function repositoryAt(ws: Workspace, dir: string): Promise<Git | null> {
  return openRepo(ws, dir).then(
    (ctx) => ctx.git,
    (e: unknown) => {
      if (isTrellisError(e)) return null;
      throw e;
    },
  );
}

/** Where to look: a file given is read as is; else the repository's root, or the folder when it is no repository. */
function location(ws: Workspace, req: PolicyCheckRequest, dir: string, git: Git | null): PolicyLocation {
  if (req.file !== undefined) return { git: null, cwd: ws.cwd, file: req.file };
  if (git === null && req.repo !== undefined) return { git: null, cwd: ws.cwd, file: join(dir, POLICY_FILE) };
  return { git, cwd: ws.cwd };
}

/** The file the reader looked for, as shown in messages. */
function shownPath(at: PolicyLocation): string {
  if (at.file !== undefined) return display(resolve(at.cwd, at.file), at.cwd);
  if (at.git && (at.git.bare || at.git.workTree === null)) return `HEAD:${POLICY_FILE}`;
  return display(join(at.git?.workTree ?? resolve(at.cwd), POLICY_FILE), at.cwd);
}
