/**
 * The policy's `check:` section (which rules `trellis check` runs and how strictly, the backport
 * grace period, the trailers that record an exception) and `release.testingWindow` (the
 * Llama Stack-style testing window a minor or major release must pass after its first release
 * candidate). Built in the same two modes as schema.ts; kept here so the section and its
 * documentation (docs/check.md, docs/policy.md "check") stay together. The rules are
 * src/core/check/.
 */
import { Type, type TOptional, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { TRAILER_KEY_PATTERN } from './constants.js';
import { DATE_PATTERN, DURATION_PATTERN } from './duration.js';

/** Every rule id `trellis check` knows, in the order it reports them. */
export const CHECK_RULES = [
  'policy-valid',
  'eol-commits',
  'feature-into-closed-line',
  'security-missing',
  'backport-overdue',
  'tag-on-wrong-line',
  'conflict-markers',
  'testing-window',
  'advisory-sla',
] as const;
export type CheckRuleId = (typeof CHECK_RULES)[number];

export const CHECK_LEVELS = ['error', 'warning', 'off'] as const;
export type CheckLevel = (typeof CHECK_LEVELS)[number];

type Mode = 'input' | 'resolved';
type Dflt<M extends Mode, T extends TSchema> = M extends 'input' ? TOptional<T> : T;

function build<M extends Mode>(mode: M) {
  const dflt = <T extends TSchema>(schema: T, value: unknown): Dflt<M, T> =>
    (mode === 'input' ? Type.Optional({ ...schema, default: value }) : schema) as never;
  const obj = <P extends Parameters<typeof Type.Object>[0]>(props: P, description: string) =>
    Type.Object(props, { additionalProperties: false, description });
  const level = (description: string): TUnsafe<CheckLevel> =>
    Type.Unsafe<CheckLevel>({ type: 'string', enum: [...CHECK_LEVELS], description });
  const trailer = (description: string) => Type.String({ pattern: TRAILER_KEY_PATTERN, description });
  const duration = (description: string) => Type.String({ pattern: DURATION_PATTERN, description });

  const rules = obj(
    {
      'policy-valid': dflt(level('The policy loads and passes its repository checks.'), 'error'),
      'eol-commits': dflt(level('Commits on an end-of-life line after its end date without a recorded exception.'), 'error'),
      'feature-into-closed-line': dflt(
        level('A feature merged into a line whose status takes no features, or into a branch in feature freeze.'),
        'error',
      ),
      'security-missing': dflt(level('A security fix missing on a line that must have it.'), 'error'),
      'backport-overdue': dflt(level('A missing backport older than check.backportGrace.'), 'warning'),
      'tag-on-wrong-line': dflt(level('A version tag on a commit that only another line holds.'), 'error'),
      'conflict-markers': dflt(level('Conflict markers in a file changed on a backport or release branch.'), 'error'),
      'testing-window': dflt(level('A minor or major release without a release candidate or before its testing window ended.'), 'error'),
      'advisory-sla': dflt(
        level('An advisory past its SLA (security.sla): a triage or a fix on a line overdue, or a bad advisory record.'),
        'error',
      ),
    },
    'How strictly each rule is enforced: error (exit 1), warning (printed, exit 0) or off.',
  );

  return obj(
    {
      rules: dflt(rules, {}),
      since: Type.Optional(
        Type.String({
          pattern: DATE_PATTERN,
          description:
            'Adopting Trellis on an existing history: commits, tags and missing backports from before this day are not reported by the repository-state check.',
        }),
      ),
      backportGrace: dflt(duration('How long a backport may be missing before backport-overdue reports it (e.g. "2 weeks").'), '2 weeks'),
      exceptionTrailer: dflt(
        trailer('The trailer that records why a commit on an end-of-life line is an exception (Trellis-Exception: <reason>).'),
        'Trellis-Exception',
      ),
      approvalTrailer: dflt(
        trailer('The trailer that records who approved the exception (Approved-by: Name <email>); both are needed.'),
        'Approved-by',
      ),
    },
    '`trellis check`: which rules run and how strictly (see docs/check.md).',
  );
}

function buildWindow<M extends Mode>(mode: M) {
  const duration = (description: string) => Type.String({ pattern: DURATION_PATTERN, description });
  const dflt = <T extends TSchema>(schema: T, value: unknown): Dflt<M, T> =>
    (mode === 'input' ? Type.Optional({ ...schema, default: value }) : schema) as never;
  return Type.Object(
    {
      minor: Type.Optional(duration('Time from a minor’s first release candidate to its final release (Llama Stack: "1 week").')),
      major: Type.Optional(duration('Time from a major’s first release candidate to its final release (Llama Stack: "2 weeks").')),
      requireRc: dflt(Type.Boolean({ description: 'A minor or major final release needs at least one release candidate first.' }), true),
    },
    {
      additionalProperties: false,
      description:
        'Testing windows (Llama Stack-style): `trellis release` refuses a minor or major final release too early or without a release candidate, unless --force --reason; `trellis check` reports it (testing-window).',
    },
  );
}

const INPUT = build('input');
const RESOLVED = build('resolved');
const WINDOW_INPUT = buildWindow('input');
const WINDOW_RESOLVED = buildWindow('resolved');

/** The `check:` section in schema.ts's `input` or `resolved` mode. */
export function checkSchema<M extends Mode>(b: { mode: M }): M extends 'input' ? typeof INPUT : typeof RESOLVED {
  return (b.mode === 'input' ? INPUT : RESOLVED) as never;
}

/** `release.testingWindow` in schema.ts's `input` or `resolved` mode. */
export function testingWindowSchema<M extends Mode>(b: { mode: M }): M extends 'input' ? typeof WINDOW_INPUT : typeof WINDOW_RESOLVED {
  return (b.mode === 'input' ? WINDOW_INPUT : WINDOW_RESOLVED) as never;
}
