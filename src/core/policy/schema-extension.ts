/**
 * The `extension:` section of the policy's schema: a repository that is an extension of a core
 * (Goose-style extensions: "Goose 与核心扩展的发布周期", the extension release cycle). It says what
 * kind of extension it is (in-tree, stable API, unstable API), where the core's repository is (a
 * submodule or a local clone, opened as a second repository), and where the pinned core version
 * lives ("the goose submodule and the target version in the MainDistributionPipeline workflow").
 * Built in the same two modes as the rest of schema.ts; the tables are in src/core/extension/.
 */
import { Type, type TOptional, type TSchema } from '@sinclair/typebox';
import { EXTENSION_APIS } from '../extension/types.js';

type Mode = 'input' | 'resolved';
type Dflt<M extends Mode, T extends TSchema> = M extends 'input' ? TOptional<T> : T;

function build<M extends Mode>(mode: M) {
  const dflt = <T extends TSchema>(schema: T, value: unknown): Dflt<M, T> =>
    (mode === 'input' ? Type.Optional({ ...schema, default: value }) : schema) as never;
  const obj = <P extends Parameters<typeof Type.Object>[0]>(props: P, description: string) =>
    Type.Object(props, { additionalProperties: false, description });
  const path = (description: string) => Type.String({ minLength: 1, pattern: '^[^\\0]+$', description });
  const pin = (description: string) =>
    obj(
      {
        file: path('The file, relative to the repository root.'),
        pattern: Type.String({
          minLength: 1,
          description:
            'A regular expression whose first capture group is the value (a version tag, a branch or a commit), e.g. "duckdb_version:\\s*(\\S+)".',
        }),
      },
      description,
    );

  const extensions = Type.Array(
    obj(
      {
        name: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'The extension, as shown.' }),
        path: path("A local clone of the extension, relative to the core's root (its branches are read there)."),
        config: Type.Optional(pin("This extension's entry in the core's extension config file (the pattern captures its commit).")),
      },
      'An unstable API extension the core ships (for trellis extension ships run in the core).',
    ),
    { description: 'In the core: the extensions its releases ship (the extension config files). See docs/extensions.md.' },
  );

  const extension = obj(
    {
      api: dflt(
        Type.Unsafe<(typeof EXTENSION_APIS)[number]>({
          type: 'string',
          enum: [...EXTENSION_APIS],
          description:
            'in-tree (lives in the core: same versions and branches), stable (stable C API: its own cycle, binary-compatible across core versions) or unstable (C++ or unstable C API: each version targets exactly one core version).',
        }),
        'unstable',
      ),
      core: obj(
        {
          submodule: Type.Optional(
            path('The path of the core submodule: its commit is the pinned core version; the core is read from its git directory.'),
          ),
          path: Type.Optional(path('A local clone of the core (relative to the repository root) when it is not a submodule.')),
          remote: Type.Optional(
            Type.String({
              minLength: 1,
              pattern: '^[^-\\s][^\\s]*$',
              description:
                'The core repository URL: fetched on each run into a bare copy under .git/trellis/core.git (file, git, http(s) and ssh only).',
            }),
          ),
        },
        'Where the core repository is (exactly one of submodule, path, remote). Its phase is read from its own policy and refs.',
      ),
      workflow: Type.Optional(pin('Where a workflow file names the core version built against (the MainDistributionPipeline job input).')),
      config: Type.Optional(
        pin(
          "The core's extension config file entry for this extension (file in the core, pattern capturing the extension commit): the commit that ships with a core patch release of a single-branch extension.",
        ),
      ),
    },
    "This repository is an extension of a core (Goose-style extensions): its branch type, target core versions and merge targets follow the core's phase. See docs/extensions.md.",
  );
  return { extension, extensions };
}

const INPUT = build('input');
const RESOLVED = build('resolved');

/** The `extension` section (in an extension) in schema.ts's `input` or `resolved` mode. */
export function extensionSchema<M extends Mode>(b: { mode: M }): M extends 'input' ? typeof INPUT.extension : typeof RESOLVED.extension {
  return (b.mode === 'input' ? INPUT.extension : RESOLVED.extension) as never;
}

/** The `extensions` section (in the core) in schema.ts's `input` or `resolved` mode. */
export function extensionsSchema<M extends Mode>(b: { mode: M }): M extends 'input' ? typeof INPUT.extensions : typeof RESOLVED.extensions {
  return (b.mode === 'input' ? INPUT.extensions : RESOLVED.extensions) as never;
}
