/** Use case `version validate`: which versions are valid in a scheme, with their normal forms and the reasons of the rest. */
import type { InvalidLine } from '../core/version/index.js';
import { versionScheme, type SchemeRequest } from './version-scheme.js';

export interface VersionValidateRequest extends SchemeRequest {
  versions: readonly string[];
}

/** One input line's verdict. */
export interface VersionVerdict {
  /** 1-based. */
  line: number;
  text: string;
  valid: boolean;
  /** The normal form of a valid version (PEP 440 normalisation; others as written). */
  normalized?: string;
  reason?: string;
}

export interface VersionValidateResult {
  report: VersionVerdict[];
  /** The invalid lines, in input order. */
  invalid: InvalidLine[];
  /** 0 when every version is valid, 2 otherwise. */
  exitCode: 0 | 2;
}

export function versionValidate(req: VersionValidateRequest): VersionValidateResult {
  const scheme = versionScheme(req);
  const invalid: InvalidLine[] = [];
  const report: VersionVerdict[] = [];
  req.versions.forEach((text, i) => {
    const v = scheme.tryParse(text);
    if (v) {
      report.push({ line: i + 1, text, valid: true, normalized: v.normalized });
    } else {
      const reason = scheme.validate(text) ?? 'invalid';
      invalid.push({ line: i + 1, text, reason });
      report.push({ line: i + 1, text, valid: false, reason });
    }
  });
  return { report, invalid, exitCode: invalid.length > 0 ? 2 : 0 };
}
