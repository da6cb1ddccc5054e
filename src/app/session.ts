/**
 * What the use cases of one front-end run share. The CLI runs a command and, beside it, the
 * policy warnings (app/policy-check.ts); both open the same repository and read and check the
 * same policy. With one session in their workspaces they do each once: the repository is opened
 * once per path, the policy's text read once per place and checked once per text. On a warm
 * `trellis missing` that was two git processes and a second schema check (about 25 ms of 250).
 *
 * A session is for one run: a library user who keeps a workspace while the repository or its
 * policy changes leaves `session` out.
 */
import type { PolicyCheckResult } from '../core/policy/check-result.js';
import type { PolicyLocation, PolicyText } from '../facts/policy-file.js';
import type { Git } from '../git/index.js';

export class RunSession {
  private readonly repos = new Map<string, Promise<Git>>();
  private readonly texts = new Map<string, Promise<PolicyText>>();
  private readonly checks = new Map<string, Promise<PolicyCheckResult>>();

  /** The repository at the absolute `path`, opened by `open` the first time. */
  repo(path: string, open: () => Promise<Git>): Promise<Git> {
    return memo(this.repos, path, open);
  }

  /** The policy's text at `at`, read by `read` the first time. */
  policyText(at: PolicyLocation, read: () => Promise<PolicyText>): Promise<PolicyText> {
    return memo(this.texts, JSON.stringify([at.git?.gitDir ?? null, at.cwd, at.file ?? null]), read);
  }

  /** The check of a policy text (shown as `file`), made by `check` the first time. */
  policyCheck(text: string, file: string, check: () => Promise<PolicyCheckResult>): Promise<PolicyCheckResult> {
    return memo(this.checks, `${file}\0${text}`, check);
  }
}

function memo<T>(map: Map<string, T>, key: string, make: () => T): T {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}
