/**
 * What every use case runs with: the repository (the git adapter), the policy, the clock and an
 * optional progress sink. Front ends make a {@link Workspace} from their own input (the CLI from
 * its arguments and environment, the Action from the Actions environment, a library user by
 * hand) and open a context with {@link openApp} or {@link openRepo}.
 */
import { resolve } from 'node:path';
import type { Clock } from '../adapters/clock.js';
import { dateOf } from '../core/policy/duration.js';
import type { Policy } from '../core/policy/schema.js';
import { readPolicyText, type PolicyLocation, type PolicyText } from '../facts/policy-file.js';
import { Git, type GitStats } from '../git/index.js';
import { checkedPolicy, policyOf } from './policy-load.js';
import type { RunSession } from './session.js';

/** Progress of long work: a phase name and how far it is (`done` of `total`). Front ends draw it or not. */
export type Progress = (phase: string, done: number, total: number) => void;

/** Where and when a use case runs, before a repository is opened. */
export interface Workspace {
  /** The directory relative paths (`--repo`, `--policy`) are resolved against (the CLI's `-C`, else the current directory). */
  cwd: string;
  /** The environment git runs with (identity, signing, `GIT_*`). */
  env: NodeJS.ProcessEnv;
  clock: Clock;
  progress?: Progress | undefined;
  /** Counters of the git processes started (benchmarks). */
  stats?: GitStats | undefined;
  /**
   * The remote whose branches count as the project's (the CLI's `--remote`), overriding the
   * policy's `branches.remote`; null: local branches only; absent: the policy's choice (see
   * facts/branches.ts).
   */
  remote?: string | null | undefined;
  /** What the use cases of one run share (the repository opened, the policy read and checked); see session.ts. */
  session?: RunSession | undefined;
  /** One-line messages about things done on the side (a killed run finished, a stale lock removed); front ends print them or not. */
  notice?: ((message: string) => void) | undefined;
}

/** A use case's context without a policy (`version describe`, `init`). */
export interface RepoContext extends Workspace {
  git: Git;
  /** Today (`YYYY-MM-DD`, UTC) from the clock. */
  today: string;
}

/** A use case's context: the repository and its policy. */
export interface AppContext extends RepoContext {
  policy: Policy;
  /** Where the policy came from, as shown in messages. */
  policyFile: string;
}

/** Where the repository and the policy are (both optional: the current directory, `.trellis.yml` at its root). */
export interface OpenOptions {
  repo?: string | undefined;
  policy?: string | undefined;
}

/** Opens the repository at `repo` (relative to the workspace's directory). */
export async function openRepo(ws: Workspace, repo?: string): Promise<RepoContext> {
  const path = resolve(ws.cwd, repo ?? '.');
  const open = () => Git.open(path, { env: ws.env, ...(ws.stats ? { stats: ws.stats } : {}) });
  const git = await (ws.session ? ws.session.repo(path, open) : open());
  return { ...ws, git, today: dateOf(ws.clock.now()) };
}

/** Opens the repository and reads its policy (the one reader: facts/policy-file.ts). */
export async function openApp(ws: Workspace, opts: OpenOptions = {}): Promise<AppContext> {
  const ctx = await openRepo(ws, opts.repo);
  const { text, file } = await policyTextIn(ws, { git: ctx.git, cwd: ws.cwd, file: opts.policy });
  const policy = await policyOf(await checkedPolicy(ws.session, ctx.git, text, file));
  return { ...ctx, policy, policyFile: file };
}

/** The policy's text at `at`, read once per run when the workspace has a session. */
export function policyTextIn(ws: Workspace, at: PolicyLocation): Promise<PolicyText> {
  return ws.session ? ws.session.policyText(at, () => readPolicyText(at)) : readPolicyText(at);
}

/** The same context with a policy given by the caller (a library user, a test). */
export function withPolicy(ctx: RepoContext, policy: Policy, policyFile = '(given)'): AppContext {
  return { ...ctx, policy, policyFile };
}
