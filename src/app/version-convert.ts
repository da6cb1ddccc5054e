/**
 * Use case `version convert`: `git describe` strings (`X.Y.Z[-rcN]-N-gHASH`, or a bare tag as
 * distance 0) as rpm, deb, tarball, PEP 440 or setuptools-scm versions. A line that is not one
 * is reported with its reason; the others are still converted, in input order.
 */
import { isTrellisError } from '../core/errors.js';
import {
  convertTo,
  getScheme,
  schemeTagReader,
  tarantoolTag,
  tryParseDescribeOrTag,
  type ConvertForm,
  type InvalidLine,
  type SchemeName,
} from '../core/version/index.js';

export interface VersionConvertRequest {
  describes: readonly string[];
  to: ConvertForm;
  /** Where the strings came from, for messages: command-line arguments or lines of input. */
  source?: 'arguments' | 'lines' | undefined;
  /** Read tags as versions of this scheme (`v1.3.0rc1` in PEP 440); default: the Tarantool-style tags. */
  scheme?: SchemeName | undefined;
  /** The day (`YYYY-MM-DD`) a dirty build is dated with in the setuptools-scm form. */
  today?: string | undefined;
}

export interface Conversion {
  describe: string;
  version: string;
  to: ConvertForm;
}

export interface VersionConvertResult {
  /** The converted strings, in input order. */
  results: Conversion[];
  /** The strings that are not describe output or a version tag (`line` counts arguments or input lines from 1). */
  invalid: InvalidLine[];
  /** 0 when every string converted, 2 otherwise. */
  exitCode: 0 | 2;
}

export function versionConvert(req: VersionConvertRequest): VersionConvertResult {
  const reader = req.scheme ? schemeTagReader(getScheme(req.scheme)) : tarantoolTag;
  const invalid: InvalidLine[] = [];
  const results: Conversion[] = [];
  req.describes.forEach((text, i) => {
    const d = tryParseDescribeOrTag(text, reader);
    let reason = typeof d === 'string' ? d : null;
    if (typeof d !== 'string') {
      try {
        results.push({ describe: text, version: convertTo(d, req.to, req.today), to: req.to });
      } catch (e) {
        if (!isTrellisError(e)) throw e;
        reason = e.message;
      }
    }
    if (reason !== null) invalid.push({ line: i + 1, text, reason });
  });
  return { results, invalid, exitCode: invalid.length > 0 ? 2 : 0 };
}

/** How a bad string is named in messages: `argument N` or `line N`. */
export function convertWhere(req: Pick<VersionConvertRequest, 'source'>, bad: InvalidLine): string {
  return `${req.source === 'arguments' ? 'argument' : 'line'} ${bad.line}`;
}
