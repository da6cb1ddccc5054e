/**
 * The policy's opt-out file (`backport.optOutFile`), parsed (the facts layer reads it from the
 * development branch). Format (YAML):
 *
 *     - commit: 1a2b3c4d
 *       reason: the code did not exist before 0.6
 *       lines: ["0.4", "0.5"]     # optional; default every line
 *
 * An entry without a reason is an error: an opt-out must say why.
 */
import { parse as parseYaml } from 'yaml';
import { TrellisError } from '../errors.js';
import type { OptOutEntry } from './types.js';

/** Parses the opt-out file's text; throws `bad-input` naming the file and the entry. */
export function parseOptOuts(text: string, file: string): OptOutEntry[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new TrellisError('bad-input', `${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`, 2);
  }
  if (doc === null || doc === undefined) return [];
  const list = Array.isArray(doc) ? doc : (doc as { optOuts?: unknown }).optOuts;
  if (!Array.isArray(list)) throw new TrellisError('bad-input', `${file}: expected a list of { commit, reason, lines? } entries`, 2);
  return list.map((e: unknown, i: number) => {
    const o = (e ?? {}) as { commit?: unknown; reason?: unknown; lines?: unknown };
    const commit = typeof o.commit === 'string' || typeof o.commit === 'number' ? String(o.commit).trim().toLowerCase() : '';
    if (!/^[0-9a-f]{7,64}$/.test(commit))
      throw new TrellisError('bad-input', `${file}: entry ${i + 1}: 'commit' must be a commit id (7+ hex digits)`, 2);
    if (typeof o.reason !== 'string' || o.reason.trim() === '') {
      throw new TrellisError('bad-input', `${file}: entry ${i + 1} (${commit}): an opt-out needs a 'reason'`, 2);
    }
    const lines = o.lines === undefined ? [] : Array.isArray(o.lines) ? o.lines.map(String) : [String(o.lines)];
    return { commit, reason: o.reason.trim(), lines };
  });
}
