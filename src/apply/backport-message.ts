/**
 * The messages of backport commits: git's `cherry-pick -x` line or the policy's origin trailer,
 * plus the end-of-life reason; and the origins an existing message records.
 */
import type { BackportOptions } from '../core/backport/index.js';
import { cherryPickedFrom, cherryPickMessage, hasTrailerBlock } from '../git/index.js';

const EOL_TRAILER = 'Backport-EOL-Reason';

/** Appends a trailer line the way git does: in the trailer block if there is one, else after a blank line. */
export function appendTrailer(message: string, line: string): string {
  let msg = message;
  if (msg.length > 0 && !msg.endsWith('\n')) msg += '\n';
  if (!hasTrailerBlock(msg)) msg += '\n';
  return `${msg}${line}\n`;
}

/** The message of a backport commit of `source` (whose message is `original`). */
export function backportMessage(original: string, source: string, options: BackportOptions): string {
  let msg =
    options.origin.style === 'x'
      ? cherryPickMessage(original, source)
      : appendTrailer(original.replace(/^(\s*\n)+/, ''), `${options.origin.trailer}: ${source}`);
  if (options.eolReason) msg = appendTrailer(msg, `${EOL_TRAILER}: ${options.eolReason.replace(/\s+/g, ' ').trim()}`);
  return msg;
}

/** Origins recorded in a message: `(cherry picked from commit X)` lines and the origin trailer. */
export function originsOf(message: string, trailer: string): string[] {
  const out = cherryPickedFrom(message);
  const re = new RegExp(`^${trailer.replace(/[-]/g, '\\-')}:\\s*([0-9a-f]{7,64})\\s*$`, 'gim');
  for (let m = re.exec(message); m; m = re.exec(message)) out.push((m[1] ?? '').toLowerCase());
  return out;
}
