/** Whether and how release tags are signed. Pure. */
import type { Policy } from '../policy/schema.js';

/** How to sign a tag: false (annotated, unsigned), true (git's configured format), `gpg` or `ssh`. */
export type SignMode = boolean | 'gpg' | 'ssh';

/**
 * How to sign tags, from the `--sign` flag and `release.sign`: signed when either asks for it;
 * then in the policy's format (`gpg`, `ssh`) when it names one, else as git is configured.
 * The trunk flow passes the flag; the git-flow plans pass their own `sign` (the flag or the
 * policy), which gives the same answer.
 */
export function signMode(policy: Policy, flag: boolean | undefined): SignMode {
  const p = policy.release.sign;
  if (flag === true) return p === 'gpg' || p === 'ssh' ? p : true;
  return p;
}
