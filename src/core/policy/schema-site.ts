/**
 * The `site:` section of the policy's schema: what `trellis site` shows besides the facts of the
 * repository — the product's name in endoflife.date's API file, the release manager of each
 * line. The delivery channels the line pages show are the policy's one `delivery.channels`
 * (what `status --json` lists too). Optional as a whole, so policies without it load and print as before.
 */
import { Type } from '@sinclair/typebox';
import { LINE_KEY_PATTERN } from './constants.js';

const obj = <P extends Parameters<typeof Type.Object>[0]>(props: P, description: string) =>
  Type.Object(props, { additionalProperties: false, description });

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
  },
  'The supported-versions site (trellis site): product name and release managers (delivery channels come from `delivery.channels`).',
);
