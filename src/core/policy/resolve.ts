/** A checked policy as written, normalised into the resolved {@link Policy} the rest of Trellis reads. */
import { RELEASE_TYPES } from './constants.js';
import { DEFAULT_RELEASE_TEMPLATE, DEFAULT_TAG_TEMPLATE, PRERELEASE_DEFAULTS } from './defaults.js';
import type { Policy } from './schema.js';
import type { InputShape } from './semantic-checks.js';

/** Normalises a validated input into the resolved `Policy` (scheme defaults, lists). */
export function resolve(p: InputShape): Policy {
  const v = p.versioning;
  const tag = v.tag === undefined ? [DEFAULT_TAG_TEMPLATE] : typeof v.tag === 'string' ? [v.tag] : v.tag;
  const release =
    p.branches.release === undefined
      ? [{ template: DEFAULT_RELEASE_TEMPLATE, eol: false }]
      : (typeof p.branches.release === 'string' ? [p.branches.release] : p.branches.release).map((r) =>
          typeof r === 'string' ? { template: r, eol: false } : { template: r.template, eol: r.eol ?? false },
        );
  const checklists: Policy['release']['checklists'] = {};
  for (const type of RELEASE_TYPES) {
    const c = p.release.checklists[type];
    if (!c) continue;
    checklists[type] = {
      ...c,
      items: (c.items ?? []).map((it) =>
        typeof it === 'string' ? { text: it } : { text: it.text, ...(it.check ? { check: it.check as never } : {}) },
      ),
    };
  }
  return {
    ...p,
    versioning: {
      ...v,
      prerelease: {
        labels: v.prerelease.labels ?? [...PRERELEASE_DEFAULTS[v.scheme].labels],
        format: v.prerelease.format ?? PRERELEASE_DEFAULTS[v.scheme].format,
      },
      tag,
    },
    branches: { ...p.branches, release },
    release: { ...p.release, checklists },
  } as Policy;
}
