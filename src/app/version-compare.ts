/** Use case `version compare`: -1, 0 or 1 as A is older than, equal to or newer than B, for one pair or many. */
import { invalidLinesError, type InvalidLine } from '../core/version/index.js';
import { versionScheme, type SchemeRequest } from './version-scheme.js';

export interface VersionCompareRequest extends SchemeRequest {
  /** The pairs: `[a, b]`, or lines of text `"A B"` (each split at blanks). */
  pairs: ReadonlyArray<readonly [string, string]> | { lines: readonly string[] };
}

export interface Comparison {
  a: string;
  b: string;
  result: number;
}

export interface VersionCompareResult {
  results: Comparison[];
}

/** Throws `bad-version`: for a given pair, naming the invalid version; for lines, naming every bad line. */
export function versionCompare(req: VersionCompareRequest): VersionCompareResult {
  const scheme = versionScheme(req);
  if (!('lines' in req.pairs)) return { results: req.pairs.map(([a, b]) => ({ a, b, result: scheme.compare(a, b) })) };
  const results: Comparison[] = [];
  const bad: InvalidLine[] = [];
  req.pairs.lines.forEach((line, i) => {
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 2 || parts[0] === '') {
      bad.push({ line: i + 1, text: line, reason: 'expected two versions separated by a blank' });
      return;
    }
    const [x, y] = parts as [string, string];
    const px = scheme.tryParse(x);
    const py = scheme.tryParse(y);
    if (!px) bad.push({ line: i + 1, text: x, reason: scheme.validate(x) ?? 'invalid' });
    else if (!py) bad.push({ line: i + 1, text: y, reason: scheme.validate(y) ?? 'invalid' });
    else results.push({ a: x, b: y, result: scheme.compare(px, py) });
  });
  if (bad.length > 0) throw invalidLinesError(scheme.name, bad);
  return { results };
}
