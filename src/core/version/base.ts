import { TrellisError } from '../errors.js';
import { badVersion, type ParseResult, type ParsedVersion, type SchemeName, type VersionScheme } from './types.js';

/** One invalid line of a list: 1-based line number, the text and why it is not a version. */
export interface InvalidLine {
  line: number;
  text: string;
  reason: string;
}

export function formatInvalidLine(bad: InvalidLine): string {
  return `line ${bad.line}: '${bad.text}': ${bad.reason}`;
}

/**
 * Builds the uniform `VersionScheme` from a scheme's two primitives: `read` (text to parsed
 * version or reason) and `order` (a total preorder on parsed versions). `sortOrder` may refine
 * `order` where the scheme's own comparison is not total (it never contradicts `order`).
 */
export function makeScheme(
  name: SchemeName,
  read: (text: string) => ParseResult,
  order: (a: ParsedVersion, b: ParsedVersion) => -1 | 0 | 1,
  sortOrder: (a: ParsedVersion, b: ParsedVersion) => number = order,
): VersionScheme {
  const parse = (text: string): ParsedVersion => {
    const r = read(text);
    if (!r.ok) throw badVersion(name, text, r.reason);
    return r.value;
  };
  const asParsed = (v: string | ParsedVersion) => (typeof v === 'string' ? parse(v) : v);
  return {
    name,
    parse,
    tryParse: (text) => {
      const r = read(text);
      return r.ok ? r.value : null;
    },
    validate: (text) => {
      const r = read(text);
      return r.ok ? null : r.reason;
    },
    compare: (a, b) => order(asParsed(a), asParsed(b)),
    normalize: (text) => parse(text).normalized,
    sort: (list, opts = {}) => {
      // Parse every line once, then sort the parsed keys: the comparator never re-parses.
      const parsed: ParsedVersion[] = new Array(list.length);
      const bad: InvalidLine[] = [];
      for (let i = 0; i < list.length; i++) {
        const text = list[i] as string;
        const r = read(text);
        if (r.ok) parsed[i] = r.value;
        else bad.push({ line: i + 1, text, reason: r.reason });
      }
      if (bad.length > 0) throw invalidLinesError(name, bad);
      // Array.prototype.sort is stable (ES2019), so ties keep input order in both directions.
      const cmp = opts.reverse ? (a: ParsedVersion, b: ParsedVersion) => sortOrder(b, a) : sortOrder;
      parsed.sort(cmp);
      return parsed.map((p) => p.raw);
    },
  };
}

/** One-line error for a list with invalid lines: the first is named, the rest counted. */
export function invalidLinesError(scheme: SchemeName, bad: readonly InvalidLine[]): TrellisError {
  const first = bad[0] as InvalidLine;
  const more = bad.length > 1 ? ` (and ${bad.length - 1} more invalid line${bad.length > 2 ? 's' : ''})` : '';
  return new TrellisError('bad-version', `not a valid ${scheme} version: ${formatInvalidLine(first)}${more}`, 2, {
    scheme,
    invalid: bad,
  });
}
