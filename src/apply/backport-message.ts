/**
 * The messages of backport commits: git's `cherry-pick -x` line or the policy's origin trailer,
 * plus the end-of-life reason. (The origins an existing message records: git/origins.ts.)
 */
import { FEATURE_TRAILER, featureNature, type BackportOptions } from '../core/backport/index.js';
import { cherryPickMessage, hasTrailerBlock } from '../git/index.js';

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
  if (options.featureReason && featureNature(original))
    msg = appendTrailer(msg, `${FEATURE_TRAILER}: ${options.featureReason.replace(/\s+/g, ' ').trim()}`);
  if (options.eolReason) msg = appendTrailer(msg, `${EOL_TRAILER}: ${options.eolReason.replace(/\s+/g, ' ').trim()}`);
  return msg;
}
