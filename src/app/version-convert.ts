/** Use case `version convert`: `git describe` strings (X.Y.Z[-rcN]-N-gHASH) as rpm, deb, tarball or PEP 440 versions. */
import { TrellisError } from '../core/errors.js';
import { convertDescribe, tryParseDescribe, type DerivedForm, type InvalidLine } from '../core/version/index.js';

export interface VersionConvertRequest {
  describes: readonly string[];
  to: DerivedForm;
  /** Where the strings came from, for messages: command-line arguments or lines of input. */
  source?: 'arguments' | 'lines' | undefined;
}

export interface Conversion {
  describe: string;
  version: string;
  to: DerivedForm;
}

export interface VersionConvertResult {
  results: Conversion[];
}

/** Throws `bad-version` naming the first string that is not `git describe --long` output (and how many more). */
export function versionConvert(req: VersionConvertRequest): VersionConvertResult {
  const bad: InvalidLine[] = [];
  const results: Conversion[] = [];
  req.describes.forEach((text, i) => {
    const d = tryParseDescribe(text);
    if (typeof d === 'string') bad.push({ line: i + 1, text, reason: d });
    else results.push({ describe: text, version: convertDescribe(d, req.to), to: req.to });
  });
  if (bad.length > 0) {
    const first = bad[0] as InvalidLine;
    const where = req.source === 'arguments' ? `argument ${first.line}` : `line ${first.line}`;
    const more = bad.length > 1 ? ` (and ${bad.length - 1} more)` : '';
    throw new TrellisError('bad-version', `not a git describe version: ${where}: '${first.text}': ${first.reason}${more}`);
  }
  return { results };
}
