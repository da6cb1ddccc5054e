/** The origins a commit message records: git's `cherry-pick -x` lines and an origin trailer. */
import { cherryPickedFrom } from './message.js';

/** Origins recorded in a message: `(cherry picked from commit X)` lines and the `trailer` (`Backport-of: X`), in order. */
export function originsOf(message: string, trailer: string): string[] {
  const out = cherryPickedFrom(message);
  const re = new RegExp(`^${trailer.replace(/[-]/g, '\\-')}:\\s*([0-9a-f]{7,64})\\s*$`, 'gim');
  for (let m = re.exec(message); m; m = re.exec(message)) out.push((m[1] ?? '').toLowerCase());
  return out;
}
