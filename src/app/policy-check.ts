/**
 * Use case `policy check`: validates the policy file and lists every problem at file:line:col.
 * The file is found by the one policy reader (facts/policy-file.ts); a repository is optional
 * (a policy can be checked in a plain folder).
 */
import { join, resolve } from 'node:path';
import { TrellisError, isTrellisError } from '../core/errors.js';
import { checkPolicy, type PolicyProblem } from '../core/policy/load.js';
import { POLICY_FILE, display, readPolicyText, type PolicyLocation } from '../facts/policy-file.js';
import { openRepo, type Workspace } from './context.js';

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
  /** 0 when the policy is valid, 2 when it has problems. */
  exitCode: 0 | 2;
}

export async function policyCheck(ws: Workspace, req: PolicyCheckRequest = {}): Promise<PolicyCheckReport> {
  const at = await locate(ws, req);
  let found: { text: string; file: string };
  try {
    found = await readPolicyText(at);
  } catch (e) {
    if (isTrellisError(e) && e.code === 'not-found') {
      throw new TrellisError('not-found', `no policy file at ${shownPath(at)} (write one with 'trellis init --preset <name>')`, 2);
    }
    throw e;
  }
  const { problems } = checkPolicy(found.text, found.file);
  const ok = problems.length === 0;
  return { file: found.file, ok, problems, exitCode: ok ? 0 : 2 };
}

/** Where to look: a file given is read as is; else the repository's root, or the folder when it is no repository. */
async function locate(ws: Workspace, req: PolicyCheckRequest): Promise<PolicyLocation> {
  if (req.file !== undefined) return { git: null, cwd: ws.cwd, file: req.file };
  const dir = resolve(ws.cwd, req.repo ?? '.');
  // No repository (or no usable git): a plain folder, as before git was needed.
  const git = await openRepo(ws, dir).then(
    (ctx) => ctx.git,
    (e: unknown) => {
      if (isTrellisError(e)) return null;
      throw e;
    },
  );
  if (git === null && req.repo !== undefined) return { git: null, cwd: ws.cwd, file: join(dir, POLICY_FILE) };
  return { git, cwd: ws.cwd };
}

/** The file the reader looked for, as shown in messages. */
function shownPath(at: PolicyLocation): string {
  if (at.file !== undefined) return display(resolve(at.cwd, at.file), at.cwd);
  if (at.git && (at.git.bare || at.git.workTree === null)) return `HEAD:${POLICY_FILE}`;
  return display(join(at.git?.workTree ?? resolve(at.cwd), POLICY_FILE), at.cwd);
}
