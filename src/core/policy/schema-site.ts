/**
 * The `site:` section of the policy's schema: what `trellis site` shows besides the facts of the
 * repository — the product's name in endoflife.date's API file, the release manager of each
 * line, and the delivery channels (package repositories, tarballs, brew taps) per series in
 * Tarantool's style. Optional as a whole, so policies without it load and print as before.
 */
import { Type } from '@sinclair/typebox';
import { LINE_KEY_PATTERN } from './constants.js';

const obj = <P extends Parameters<typeof Type.Object>[0]>(props: P, description: string) =>
  Type.Object(props, { additionalProperties: false, description });

const channel = obj(
  {
    name: Type.String({ minLength: 1, description: 'What the channel is, as readers know it: "APT (releases)", "Homebrew tap".' }),
    url: Type.String({
      minLength: 1,
      pattern: '^(https?://|mailto:)',
      description: 'Where it is: an http(s) URL template with {line}, {major} and {minor} (the line it is shown for).',
    }),
    lines: Type.Optional(
      Type.Array(Type.String({ pattern: LINE_KEY_PATTERN }), {
        minItems: 1,
        uniqueItems: true,
        description: 'Only these lines have the channel (default: every released line that is not end-of-life).',
      }),
    ),
    prerelease: Type.Optional(Type.Boolean({ description: 'The channel carries pre-releases (alpha, beta, rc) (default false).' })),
  },
  'A delivery channel of the lines (a package repository per series, a tap, source tarballs).',
);

/** The `site:` section (the same in the `input` and `resolved` shapes: nothing to default). */
export const SiteSchema = obj(
  {
    product: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9._-]*$',
        description: 'The product name of api/<product>.json (endoflife.date style); default: project.name in lower case.',
      }),
    ),
    managers: Type.Optional(
      Type.Record(Type.String({ pattern: LINE_KEY_PATTERN }), Type.String({ minLength: 1 }), {
        additionalProperties: false,
        description: 'The release manager of each line ("0.4": Jane Doe), shown on the versions page.',
      }),
    ),
    channels: Type.Optional(Type.Array(channel, { description: 'Delivery channels, listed on each line page.' })),
  },
  'The supported-versions site (trellis site): product name, release managers, delivery channels.',
);
