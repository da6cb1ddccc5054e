import { Type, type Static, type TOptional, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { DATE_PATTERN, DURATION_PATTERN, DURATION_RANGE_PATTERN } from './duration.js';
import {
  SCHEMES,
  SUPPORT_LEVELS,
  BACKPORT_STATUSES,
  PHASES,
  RELEASE_TYPES,
  VERSION_FILE_KINDS,
  VERSION_FILE_WHEN,
  CHECKS,
  LINE_KEY_PATTERN,
  TRAILER_KEY_PATTERN,
} from './constants.js';
import { changesSchema } from './schema-changes.js';
import { checkSchema, testingWindowSchema } from './schema-check.js';
import { SiteSchema } from './schema-site.js';
import { GitHubSchema } from './schema-github.js';
import { extensionSchema, extensionsSchema } from './schema-extension.js';
import { slaSchema } from './schema-security.js';
import { deliverySchema, extendedSchema } from './schema-processes.js';

export * from './constants.js';

/**
 * The policy file's schema: ONE source for the TypeScript types and the JSON Schema that ships in
 * the package (`schema/trellis.schema.json`, written by `npm run schema`).
 *
 * The schema is built twice from the same function:
 * - `input` mode: what a user may write. Keys with a default are optional and carry `default`
 *   (editors show it); this is the published JSON Schema and what `loadPolicy` validates.
 * - `resolved` mode: what `loadPolicy` returns. Defaulted keys are required and a few
 *   user-friendly shapes are normalised (a single template becomes a list, and so on), so later
 *   code never deals with absent values or alternative spellings.
 * Every key is documented in docs/policy.md.
 */

type Mode = 'input' | 'resolved';
type Dflt<M extends Mode, T extends TSchema> = M extends 'input' ? TOptional<T> : T;
type Fill<M extends Mode, I extends TSchema, R extends TSchema> = M extends 'input' ? TOptional<I> : R;

interface Builder<M extends Mode> {
  mode: M;
  /** Optional in the file with a documented default (a JSON Schema `default`, applied when loading). */
  dflt<T extends TSchema>(schema: T, value: unknown): Dflt<M, T>;
  /** Optional in the file in shape `input`; the loader fills or normalises it to shape `resolved`. */
  fill<I extends TSchema, R extends TSchema>(input: I, resolved: R): Fill<M, I, R>;
}

function builder<M extends Mode>(mode: M): Builder<M> {
  return {
    mode,
    dflt: (schema, value) => (mode === 'input' ? Type.Optional({ ...schema, default: value }) : schema) as never,
    fill: (input, resolved) => (mode === 'input' ? Type.Optional(input) : resolved) as never,
  };
}

/** A string enum as `{ type: string, enum: [...] }` (one clear error instead of one per literal). */
function StringEnum<const T extends readonly string[]>(values: T, description?: string): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
}

const obj = <P extends Parameters<typeof Type.Object>[0]>(props: P, description: string) =>
  Type.Object(props, { additionalProperties: false, description });

function schemaOf<M extends Mode>(b: Builder<M>) {
  const Template = (description: string) => Type.String({ minLength: 1, description });
  const Duration = (description: string) => Type.String({ pattern: DURATION_PATTERN, description });
  const DurationRange = (description: string) => Type.String({ pattern: DURATION_RANGE_PATTERN, description });
  const DateText = (description: string) => Type.String({ pattern: DATE_PATTERN, description });
  const LineKey = (description: string) => Type.String({ pattern: LINE_KEY_PATTERN, description });

  const project = obj(
    {
      name: Type.Optional(Type.String({ minLength: 1, description: 'Project name, shown in status pages and advisories.' })),
      url: Type.Optional(Type.String({ minLength: 1, description: 'Home page or repository URL.' })),
      packages: b.dflt(
        Type.Array(
          obj(
            {
              ecosystem: Type.String({ minLength: 1, description: 'OSV ecosystem name: PyPI, npm, Go, crates.io, ...' }),
              name: Type.String({ minLength: 1, description: 'Package name in that ecosystem.' }),
            },
            'A published package (for OSV advisories).',
          ),
        ),
        [],
      ),
    },
    'What the project is.',
  );

  const versioning = obj(
    {
      scheme: b.dflt(StringEnum(SCHEMES, 'How versions are written and ordered.'), 'semver'),
      prerelease: b.dflt(
        obj(
          {
            labels: b.fill(
              Type.Array(Type.String({ pattern: '^[A-Za-z]+$' }), {
                minItems: 1,
                uniqueItems: true,
                description: 'Pre-release labels, lowest first (alpha < beta < rc). Default: semver [alpha, beta, rc]; pep440 [a, b, rc].',
              }),
              Type.Array(Type.String()),
            ),
            format: b.fill(
              Template(
                'How a label and its number follow the version: {label} and {n}. Default: semver "-{label}.{n}"; pep440 "{label}{n}".',
              ),
              Type.String(),
            ),
          },
          'Pre-release labels and how they are written.',
        ),
        {},
      ),
      tag: b.fill(
        Type.Union([Template('Tag template'), Type.Array(Template('Tag template'), { minItems: 1 })], {
          description: 'Tag template(s) with {version}. The first names new tags; all are recognised. Default "v{version}".',
        }),
        Type.Array(Type.String()),
      ),
      ignoreTags: b.dflt(
        Type.Array(Type.String({ minLength: 1 }), {
          uniqueItems: true,
          description:
            "Tags that are not releases although a tag template matches them (a stray '1.6.8.525'): exact names, or patterns where * stands for any characters.",
        }),
        [],
      ),
      line: b.dflt(StringEnum(['minor', 'major'] as const, 'What a release line is keyed by: X.Y (minor) or X (major).'), 'minor'),
      zeroMajor: b.dflt(StringEnum(['minor', 'major'] as const, 'What a breaking change bumps while the major version is 0.'), 'minor'),
    },
    'Version scheme, pre-releases, tags and lines.',
  );

  const releaseTemplate = Type.Union([
    Template('Release branch template'),
    obj(
      {
        template: Template('Release branch template'),
        eol: Type.Optional(Type.Boolean({ description: 'Lines whose branch matches this template are end-of-life (default false).' })),
      },
      'A release branch template; `eol: true` marks lines found by it as end-of-life (e.g. archive/{major}.{minor}).',
    ),
  ]);

  const branches = obj(
    {
      main: b.dflt(Type.String({ minLength: 1, description: 'The development branch.' }), 'main'),
      develop: Type.Optional(Type.String({ minLength: 1, description: 'The git-flow integration branch (e.g. dev).' })),
      remote: Type.Optional(
        Type.Union([Type.String({ minLength: 1, pattern: '^[^\\s/][^\\s]*$' }), Type.Null(), Type.Literal(false)], {
          description:
            "The remote whose branches are read besides the local ones (a clone, a CI checkout); null or false: local branches only. Default: the development branch's upstream remote, else origin. --remote overrides it.",
        }),
      ),
      release: b.fill(
        Type.Union([Template('Release branch template'), Type.Array(releaseTemplate, { minItems: 1 })], {
          description:
            'Release branch template(s): {major} {minor} {patch} {line} {codename}. The first names new branches. Default "release/{major}.{minor}".',
        }),
        Type.Array(Type.Object({ template: Type.String(), eol: Type.Boolean() }, { additionalProperties: false })),
      ),
      hotfix: b.dflt(Template('Hotfix branch template: {version} {major} {minor} {patch} {line}.'), 'hotfix/{version}'),
      backport: b.dflt(Template('Backport branch template: {line} {sha} {branch} {pr}.'), 'backport/{line}/{sha}'),
      codenames: b.dflt(
        Type.Record(LineKey('Line'), Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }), {
          additionalProperties: false,
          description: 'Codenames of lines for {codename} (e.g. "1.4": andium).',
        }),
        {},
      ),
    },
    'Branch names.',
  );

  const lineEntry = obj(
    {
      support: Type.Optional(StringEnum(SUPPORT_LEVELS, 'Support level now: full, bugfix, security or end-of-life.')),
      lts: Type.Optional(Type.Boolean({ description: 'Long-term support line.' })),
      start: Type.Optional(DateText('Start of support (first release date).')),
      endOfBugfix: Type.Optional(DateText('Last day of bug fixes.')),
      eol: Type.Optional(DateText('End of life: last day of any fix.')),
      branch: Type.Optional(Type.String({ minLength: 1, description: 'Branch of this line when it does not follow the templates.' })),
      note: Type.Optional(Type.String({ description: 'Free text shown in the status table.' })),
      extended: Type.Optional(extendedSchema()),
    },
    'An explicit record for one line; it overrides the rules.',
  );

  const support = obj(
    {
      maintained: Type.Optional(Type.Integer({ minimum: 1, description: 'Only the N newest released lines get fixes.' })),
      bugfix: Type.Optional(Duration('Bug fixes for this long after a line’s first release.')),
      security: Type.Optional(
        Duration('End of life this long after a line’s first release (security fixes only after the bugfix window).'),
      ),
      untilNextMinor: b.dflt(
        Type.Boolean({ description: 'A line stops getting fixes when the next line of the same major has its first release.' }),
        false,
      ),
      majorMinimum: Type.Optional(
        Duration('The newest line of a major series is supported at least this long after the series’ first release.'),
      ),
      lts: b.dflt(
        obj(
          {
            lines: b.dflt(Type.Array(LineKey('LTS line'), { uniqueItems: true, description: 'Lines designated LTS.' }), []),
            duration: Type.Optional(Duration('Support of an LTS line after its first release.')),
          },
          'Long-term support.',
        ),
        {},
      ),
      lines: b.dflt(
        Type.Record(LineKey('Line'), lineEntry, {
          additionalProperties: false,
          description: 'The authoritative per-line list (quote the keys: "1.10"). Overrides the rules.',
        }),
        {},
      ),
    },
    'Which lines get fixes, and until when.',
  );

  const cadence = obj(
    {
      major: Type.Optional(DurationRange('Time between major releases (e.g. "6-8 months").')),
      minor: Type.Optional(DurationRange('Time between minor releases (e.g. "1 month", "4 months").')),
      patch: Type.Optional(DurationRange('Time between patch releases (e.g. "1 week").')),
    },
    'How often releases come.',
  );

  const targetRule = obj(
    {
      feature: Type.Optional(StringEnum(['main', 'current', 'next'] as const)),
      bugfix: Type.Optional(StringEnum(['main', 'current', 'next'] as const)),
      security: Type.Optional(StringEnum(['main', 'current', 'next'] as const)),
    },
    'Merge target per change kind: main, current (newest released line) or next (the line being prepared).',
  );

  const phases = obj(
    {
      current: Type.Optional(StringEnum(PHASES, 'The phase now; overrides the schedule.')),
      schedule: b.dflt(
        Type.Array(
          obj(
            {
              phase: StringEnum(PHASES),
              from: DateText('First day of the phase.'),
              line: Type.Optional(LineKey('The line being prepared.')),
            },
            'A phase starting on a date.',
          ),
        ),
        [],
      ),
      targets: b.dflt(
        obj(
          {
            'mid-cycle': Type.Optional(targetRule),
            'pre-release': Type.Optional(targetRule),
            'feature-freeze': Type.Optional(targetRule),
          },
          'Which branch a change merges into, per phase.',
        ),
        {},
      ),
    },
    'Release-cycle phases (Goose-style): mid-cycle, pre-release, feature-freeze.',
  );

  const versionFile = obj(
    {
      path: Template('File path from the repository root.'),
      kind: StringEnum(VERSION_FILE_KINDS, 'json, toml, yaml (key), regex (pattern/marker) or pin (package).'),
      key: Type.Optional(
        Type.String({
          minLength: 1,
          description:
            'json/toml/yaml: key path such as project.version, tool.setuptools_scm.fallback_version, packages."".version; pin: where pins are looked for.',
        }),
      ),
      pattern: Type.Optional(
        Type.String({ minLength: 1, description: 'regex: a regular expression with one capture group, or a group named version.' }),
      ),
      marker: Type.Optional(
        Type.String({ minLength: 1, description: 'regex: only lines carrying this marker are edited (default marker: trellis:version).' }),
      ),
      package: Type.Optional(Type.String({ minLength: 1, description: 'pin: the dependency whose pins (name==X.Y.Z) are rewritten.' })),
      value: b.dflt(Template('The new value: {version} {nextDev} {nextPatch} {nextMinor} {major} {minor} {patch} {line}.'), '{version}'),
      when: b.dflt(Type.Array(StringEnum(VERSION_FILE_WHEN), { minItems: 1, uniqueItems: true, description: 'When to write it.' }), [
        'release',
      ]),
      branch: b.dflt(StringEnum(['line', 'main', 'develop'] as const, 'On which branch.'), 'line'),
    },
    'A version written into a file.',
  );

  const statusList = (description: string) => Type.Array(StringEnum(BACKPORT_STATUSES), { uniqueItems: true, description });
  const backport = obj(
    {
      kinds: b.dflt(
        obj(
          {
            feature: b.dflt(statusList('Line statuses that take features.'), []),
            bugfix: b.dflt(statusList('Line statuses that take bug fixes.'), ['prerelease', 'full', 'bugfix']),
            security: b.dflt(statusList('Line statuses that take security fixes.'), ['prerelease', 'full', 'bugfix', 'security']),
          },
          'Which line statuses each change kind is backported to.',
        ),
        {},
      ),
      origin: b.dflt(
        StringEnum(
          ['x', 'trailer'] as const,
          'x: "(cherry picked from commit <sha>)" like git cherry-pick -x; trailer: "<originTrailer>: <sha>".',
        ),
        'x',
      ),
      originTrailer: b.dflt(Type.String({ pattern: TRAILER_KEY_PATTERN }), 'Backport-of'),
      conflicts: b.dflt(StringEnum(['fail', 'branch'] as const, 'On conflict: fail, or write a -conflicts branch.'), 'fail'),
      mode: b.dflt(
        StringEnum(['branch', 'direct'] as const, 'branch: a backport branch per target; direct: advance the line branch.'),
        'branch',
      ),
      chain: b.dflt(Type.Boolean({ description: 'Carry changes line by line, newest to oldest.' }), false),
      optOutTrailer: b.dflt(
        Type.String({ pattern: TRAILER_KEY_PATTERN, description: 'A "<key>: no" trailer opts a change out.' }),
        'Backport',
      ),
      optOutFile: Type.Optional(Type.String({ minLength: 1, description: 'A file listing opted-out changes with reasons.' })),
    },
    'Backport rules.',
  );

  const sla = slaSchema(Duration);
  const security = obj(
    {
      sla: b.dflt(
        obj(
          { critical: Type.Optional(sla), high: Type.Optional(sla), medium: Type.Optional(sla), low: Type.Optional(sla) },
          'Service levels per severity.',
        ),
        {},
      ),
      advisories: b.dflt(Type.String({ minLength: 1, description: 'Folder of advisory files.' }), '.trellis/advisories'),
    },
    'Security handling.',
  );

  const checklistItem = Type.Union([
    Type.String({ minLength: 1 }),
    obj(
      {
        text: Type.String({ minLength: 1 }),
        check: Type.Optional(StringEnum(CHECKS, 'What Trellis checks to tick the item.')),
      },
      'A checklist item Trellis can tick.',
    ),
  ]);
  const checklist = obj(
    {
      extends: Type.Optional(StringEnum(RELEASE_TYPES, 'Include the items of another release type first.')),
      candidates: b.dflt(Type.Boolean({ description: 'Release candidates are published first.' }), false),
      testingWindow: Type.Optional(DurationRange('Community testing window (e.g. "1 week", "2-3 weeks").')),
      items: b.fill(
        Type.Array(checklistItem, { description: 'Items: text, or { text, check }.' }),
        Type.Array(Type.Object({ text: Type.String(), check: Type.Optional(StringEnum(CHECKS)) }, { additionalProperties: false })),
      ),
    },
    'A release checklist.',
  );

  const release = obj(
    {
      sign: b.dflt(
        Type.Union([Type.Boolean(), StringEnum(['gpg', 'ssh'] as const)], {
          description: 'Sign tags: false, true (git’s configured format), gpg or ssh.',
        }),
        false,
      ),
      tagMessage: b.dflt(
        StringEnum(['changes', 'plain'] as const, 'Annotated tag message: changes (list changes since the previous tag) or plain.'),
        'plain',
      ),
      entrypoint: b.dflt(
        Type.Union([Type.Literal(false), Template('Entrypoint tag template: {major} {minor} {patch} {line}.')], {
          description:
            'Entrypoint tag set on the development branch when a line is cut (Tarantool-style series: X.Y.0-entrypoint), or false. With {patch}, patch entrypoints (X.Y.Z-entrypoint on the line branch) are read too.',
        }),
        false,
      ),
      changelog: b.dflt(
        Type.Union([Type.Literal(false), Type.String({ minLength: 1 })], { description: 'Changelog file, or false.' }),
        false,
      ),
      postRelease: b.dflt(Type.Array(Type.String({ minLength: 1 }), { description: 'Manual steps after a release.' }), []),
      testingWindow: Type.Optional(testingWindowSchema(b)),
      checklists: b.dflt(
        obj(
          {
            major: Type.Optional(checklist),
            minor: Type.Optional(checklist),
            patch: Type.Optional(checklist),
            prerelease: Type.Optional(checklist),
          },
          'Checklists per release type.',
        ),
        {},
      ),
    },
    'Releases: tags, changelog, checklists.',
  );

  const flow = obj(
    {
      model: b.dflt(
        StringEnum(['trunk', 'gitflow'] as const, 'trunk: release from main/lines; gitflow: develop merged into main.'),
        'trunk',
      ),
      prepare: b.dflt(
        obj(
          {
            cleanTree: b.dflt(Type.Boolean({ description: 'Refuse to release with uncommitted changes.' }), true),
            upToDate: b.dflt(Type.Boolean({ description: 'Refuse when the branch is behind its upstream.' }), true),
            test: Type.Optional(
              Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Test command as argv (run without a shell).' }),
            ),
            notes: Type.Optional(Template('Draft release notes file: {version}.')),
            milestone: b.dflt(Type.Boolean({ description: 'The milestone named by the version must have no open issues.' }), false),
          },
          'Checks before a release.',
        ),
        {},
      ),
      hotfix: b.dflt(
        obj(
          {
            from: b.dflt(StringEnum(['main', 'line'] as const, 'Where hotfix branches start.'), 'main'),
            mergeInto: b.dflt(
              Type.Array(StringEnum(['main', 'develop'] as const), {
                uniqueItems: true,
                description: 'Where a finished hotfix is merged.',
              }),
              ['main'],
            ),
          },
          'Hotfix branches.',
        ),
        {},
      ),
    },
    'Branching model.',
  );

  return Type.Object(
    {
      project: b.dflt(project, {}),
      versioning: b.dflt(versioning, {}),
      branches: b.dflt(branches, {}),
      support: b.dflt(support, {}),
      cadence: b.dflt(cadence, {}),
      phases: Type.Optional(phases),
      versionFiles: b.dflt(Type.Array(versionFile, { description: 'Versions written into files.' }), []),
      backport: b.dflt(backport, {}),
      changes: b.dflt(changesSchema(b), {}),
      security: b.dflt(security, {}),
      release: b.dflt(release, {}),
      flow: b.dflt(flow, {}),
      check: b.dflt(checkSchema(b), {}),
      site: Type.Optional(SiteSchema),
      github: Type.Optional(GitHubSchema),
      extension: Type.Optional(extensionSchema(b)),
      extensions: Type.Optional(extensionsSchema(b)),
      delivery: Type.Optional(deliverySchema()),
    },
    {
      title: 'Trellis policy (.trellis.yml)',
      description: 'How a project releases: versions, branches, support windows, backports, releases. See docs/policy.md.',
      additionalProperties: false,
    },
  );
}

/** The JSON Schema of `.trellis.yml` (what users write; published as schema/trellis.schema.json). */
export const PolicySchema = schemaOf(builder('input'));
/** The shape `loadPolicy` returns: defaults applied, shapes normalised. */
export const ResolvedPolicySchema = schemaOf(builder('resolved'));

/** What a user may write in `.trellis.yml`. */
export type PolicyInput = Static<typeof PolicySchema>;
/** A loaded policy: every default applied, every alternative spelling normalised. */
export type Policy = Static<typeof ResolvedPolicySchema>;

export type SupportLevel = (typeof SUPPORT_LEVELS)[number];
export type BackportStatus = (typeof BACKPORT_STATUSES)[number];
export type Phase = (typeof PHASES)[number];
export type ReleaseType = (typeof RELEASE_TYPES)[number];
export type VersionFile = Policy['versionFiles'][number];
export type LinePolicy = Policy['support']['lines'][string];
export type Checklist = NonNullable<Policy['release']['checklists']['minor']>;

/** The JSON Schema document as published (with `$schema`). */
export function policyJsonSchema(): Record<string, unknown> {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(PolicySchema)) };
}

/** The published file's exact text (2-space JSON and a final newline). */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
