/**
 * The `changes:` section of the policy's schema (how commits get their kind: rules by path,
 * subject, body and conventional type or scope; extra security patterns; the built-in rules),
 * built in the same two modes as the rest of schema.ts. Kept in its own file so the section and
 * its documentation stay together; the classifier is src/core/changes/classify.ts.
 */
import { Type, type TOptional, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { CHANGE_KINDS, type ChangeKind } from '../changes/kind.js';

type Mode = 'input' | 'resolved';
type Dflt<M extends Mode, T extends TSchema> = M extends 'input' ? TOptional<T> : T;

function build<M extends Mode>(mode: M) {
  const dflt = <T extends TSchema>(schema: T, value: unknown): Dflt<M, T> =>
    (mode === 'input' ? Type.Optional({ ...schema, default: value }) : schema) as never;
  const obj = <P extends Parameters<typeof Type.Object>[0]>(props: P, description: string) =>
    Type.Object(props, { additionalProperties: false, description });
  const kind: TUnsafe<ChangeKind> = Type.Unsafe<ChangeKind>({
    type: 'string',
    enum: [...CHANGE_KINDS],
    description: 'The kind a change gets when the rule holds.',
  });
  const globs = (description: string) => Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description }));
  const words = (description: string) =>
    Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_./-]*$' }), { minItems: 1, uniqueItems: true, description }));
  const pattern = (description: string) => Type.Optional(Type.String({ minLength: 1, description }));

  const rule = obj(
    {
      kind,
      paths: globs('Holds when every changed path (but excludePaths) matches one of these globs (.gitignore style: docs/, *.md).'),
      anyPaths: globs('Holds when at least one changed path (but excludePaths) matches one of these globs.'),
      excludePaths: globs('Changed paths left out before paths and anyPaths are tested (e.g. CHANGELOG.md, lock files).'),
      subject: pattern('Holds when the subject (first line) matches this regular expression (case-insensitive).'),
      body: pattern(
        'Holds when the body (after the first line, trailers included) matches this regular expression (case-insensitive, ^ and $ at lines).',
      ),
      types: words('Holds when the conventional type is one of these (fix, chore, ...).'),
      scopes: words('Holds when the conventional scope is one of these (deps, security, ...).'),
    },
    'A change rule: every condition given must hold; the first rule that holds gives the kind.',
  );

  return obj(
    {
      defaults: dflt(
        Type.Boolean({
          description:
            'Apply the built-in rules after yours: docs/tests/CI-only changes and lint/typo/test/CI/version-bump subjects are other; CVE/vulnerability words make a security fix.',
        }),
        true,
      ),
      rules: dflt(Type.Array(rule, { description: 'Rules tried in order before anything else; the first that holds decides.' }), []),
      security: dflt(
        obj(
          {
            patterns: dflt(
              Type.Array(Type.String({ minLength: 1 }), {
                description:
                  'Regular expressions (case-insensitive) that make a change a security fix wherever they match in the message, besides CVE and GHSA ids.',
              }),
              [],
            ),
          },
          'What else marks a security fix.',
        ),
        {},
      ),
    },
    'How a commit gets its kind (feature, bugfix, security, other) for backport --auto and trellis missing.',
  );
}

const INPUT = build('input');
const RESOLVED = build('resolved');

/** The section in schema.ts's `input` or `resolved` mode (each built once, here, with the mode known). */
export function changesSchema<M extends Mode>(b: { mode: M }): M extends 'input' ? typeof INPUT : typeof RESOLVED {
  return (b.mode === 'input' ? INPUT : RESOLVED) as never;
}
