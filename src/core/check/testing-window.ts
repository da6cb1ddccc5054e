/**
 * `testing-window` (Llama Stack-style release branches): "Release candidates are published
 * before the final release" of a minor or major, with a community testing window of one week
 * for a minor and two to three weeks for a major. With `release.testingWindow` in the policy,
 * a minor's or major's final release needs a release candidate (`requireRc`, default true) and
 * may come only once the window since its FIRST candidate has passed.
 *
 * {@link testingWindowVerdict} is the one rule: `trellis release` refuses with it (unless
 * `--force --reason`, which records the reason in the tag message as the exception trailer)
 * and `trellis check` reports tags that skipped it (state: the non-end-of-life lines' tags up
 * to the day; pull request: tags on its commits). A tag whose message records an exception
 * (`Trellis-Exception: <reason>`, what `--force --reason` writes) is not reported.
 */
import { parseTrailers, trailerValues } from '../changes/trailers.js';
import { addDuration, compareDates, duration } from '../policy/duration.js';
import type { Policy } from '../policy/schema.js';
import { baseOf, releaseScheme } from '../release/version.js';
import type { ParsedVersion } from '../version/types.js';
import type { CheckFacts, RuleFinding, TagFact } from './types.js';

export type TestingWindow = NonNullable<Policy['release']['testingWindow']>;

/** A pre-release of the same version (`0.5.0rc1` for `0.5.0`) and when it was tagged. */
export interface Candidate {
  version: string;
  date: string | null;
}

export type WindowVerdict =
  | { ok: true }
  | {
      ok: false;
      /** `no-rc`: no release candidate at all; `too-early`: the window since the first one has not passed. */
      why: 'no-rc' | 'too-early';
      /** One line, naming the rule. */
      message: string;
      /** The first day the release is allowed (null: not before a release candidate). */
      allowedFrom: string | null;
    };

/** `major` for X.0.0 (X > 0), `minor` for X.Y.0, null for patches and pre-releases (no window). */
export function windowedType(v: ParsedVersion): 'major' | 'minor' | null {
  if (v.isPrerelease) return null;
  const [major = 0, minor = 0, patch = 0] = v.release;
  if (patch !== 0 || v.release.slice(3).some((n) => n !== 0)) return null;
  return minor === 0 && major > 0 ? 'major' : 'minor';
}

/** Whether the final release `version` may be made on `date`, given its pre-releases. */
export function testingWindowVerdict(
  window: TestingWindow,
  version: ParsedVersion,
  candidates: readonly Candidate[],
  date: string,
): WindowVerdict {
  const type = windowedType(version);
  if (type === null) return { ok: true };
  const text = version.raw;
  if (candidates.length === 0) {
    if (!window.requireRc) return { ok: true };
    return {
      ok: false,
      why: 'no-rc',
      message: `testing-window: ${type} release ${text} has no release candidate (release.testingWindow.requireRc); release ${baseOf(version)} with --pre rc first`,
      allowedFrom: null,
    };
  }
  const span = window[type];
  if (span === undefined) return { ok: true };
  const dates = candidates.map((c) => c.date).filter((d): d is string => d !== null);
  if (dates.length === 0) return { ok: true };
  const first = dates.reduce((a, b) => (compareDates(a, b) <= 0 ? a : b));
  const firstRc = candidates.find((c) => c.date === first)!;
  const allowedFrom = addDuration(first, duration(span));
  if (compareDates(date, allowedFrom) >= 0) return { ok: true };
  return {
    ok: false,
    why: 'too-early',
    message: `testing-window: ${type} release ${text} comes ${date}, before its ${span} testing window since ${firstRc.version} (${first}) ends; allowed from ${allowedFrom}`,
    allowedFrom,
  };
}

/** The pre-releases of `version` among `(version, date)` pairs, by the policy's scheme. */
export function candidatesOf(
  policy: Policy,
  version: ParsedVersion,
  tags: ReadonlyArray<{ version: string; date: string | null }>,
): Candidate[] {
  const scheme = releaseScheme(policy);
  const base = baseOf(version);
  const out: Candidate[] = [];
  for (const t of tags) {
    const p = scheme.tryParse(t.version);
    if (p && p.isPrerelease && baseOf(p) === base && p.epoch === version.epoch) out.push({ version: t.version, date: t.date });
  }
  return out;
}

/** True when the tag message records an exception to the window (the exception trailer, written by `release --force --reason`). */
export function windowExcused(policy: Policy, message: string): boolean {
  return trailerValues(parseTrailers(message), policy.check.exceptionTrailer).some((v) => v.trim() !== '');
}

export function testingWindowRule(facts: CheckFacts): RuleFinding[] {
  const window = facts.policy.release.testingWindow;
  if (!window) return [];
  const scheme = releaseScheme(facts.policy);
  const out: RuleFinding[] = [];
  const all = facts.tags ?? [];
  for (const t of all) {
    if (!t.inScope || t.prerelease || t.date === null || windowExcused(facts.policy, t.message)) continue;
    const v = scheme.tryParse(t.version);
    if (!v) continue;
    const verdict = testingWindowVerdict(window, v, candidatesOf(facts.policy, v, sameLine(all, t)), t.date);
    if (!verdict.ok)
      out.push({ message: `tag ${t.tag}: ${verdict.message.replace(/^testing-window: /, '')}`, line: t.line, commit: t.commit });
  }
  return out;
}

function sameLine(all: readonly TagFact[], t: TagFact): TagFact[] {
  return all.filter((o) => o.line === t.line && o.prerelease);
}

/**
 * The tag message of a release made inside its testing window with `--force --reason`: the
 * message, then the exception trailer with the reason (one line) and what was skipped, so that
 * `trellis check` (and a reader) sees the exception was deliberate.
 */
export function withWindowException(policy: Policy, message: string, reason: string, skipped: string): string {
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
  const body = message.replace(/\n+$/, '');
  return `${body}\n\n${policy.check.exceptionTrailer}: ${oneLine(reason)} (${oneLine(skipped)})\n`;
}
