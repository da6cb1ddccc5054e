/**
 * Policy keys of the release processes beyond the core sections: support extensions
 * (Lightspeed-style R2: "document criteria for extending or ending support") and delivery
 * channels (Tarantool-style "Delivery channels": per-series APT/YUM repositories and tarballs).
 * Hooked into ./schema.ts with one line each.
 */
import { Type, type TUnsafe } from '@sinclair/typebox';
import { LINE_KEY_PATTERN } from './constants.js';
import { DATE_PATTERN } from './duration.js';

export const CHANNEL_KINDS = ['yum', 'apt', 'tarball', 'brew', 'other'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const obj = <P extends Parameters<typeof Type.Object>[0]>(props: P, description: string) =>
  Type.Object(props, { additionalProperties: false, description });

/** `support.lines["1.2"].extended`: support extended to a later end of life, and why. */
export function extendedSchema() {
  return obj(
    {
      until: Type.String({ pattern: DATE_PATTERN, description: 'The extended end of life (last day of any fix).' }),
      reason: Type.String({ minLength: 1, description: 'Why support was extended (shown with the date).' }),
    },
    'A support extension (R2): the line is supported (security fixes after its bug-fix window) until this day.',
  );
}

/** `delivery`: where each line's packages are published. */
export function deliverySchema() {
  const kind: TUnsafe<ChannelKind> = Type.Unsafe<ChannelKind>({
    type: 'string',
    enum: [...CHANNEL_KINDS],
    description: 'yum, apt, tarball, brew or other.',
  });
  const channel = obj(
    {
      kind,
      name: Type.Optional(
        Type.String({ minLength: 1, description: 'What readers call it ("APT (releases)"); default: from the kind ("APT repository").' }),
      ),
      url: Type.String({
        minLength: 1,
        description:
          'URL template: {major}, {minor} and {line} are the line’s; other {placeholders} (e.g. {os}, {dist}) stay for the reader.',
      }),
      prerelease: Type.Optional(Type.Boolean({ description: 'The repository of pre-releases (alpha, beta, rc) rather than releases.' })),
      from: Type.Optional(
        Type.String({ pattern: LINE_KEY_PATTERN, description: 'Only lines from this one on (e.g. "2.10": the new layout).' }),
      ),
      until: Type.Optional(
        Type.String({ pattern: LINE_KEY_PATTERN, description: 'Only lines up to this one (e.g. "2.8": the old layout).' }),
      ),
    },
    'One delivery channel of a line.',
  );
  return obj({ channels: Type.Array(channel, { description: 'Package repositories and tarballs, per line.' }) }, 'Delivery channels.');
}
