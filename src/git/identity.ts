/** Who git says is writing: the author and committer identities from the user's configuration and environment. */
import type { GitBase as Git } from './base.js';
import { parseIdentLine } from './pick.js';
import type { Signature } from './refs.js';

/** `git var GIT_AUTHOR_IDENT` / `GIT_COMMITTER_IDENT`, parsed (name, email, date). */
export async function identityOf(git: Git, who: 'AUTHOR' | 'COMMITTER'): Promise<Signature> {
  return parseIdentLine(await git.line(['var', `GIT_${who}_IDENT`]));
}
