/**
 * JSON Schemas (draft-07) of the site's machine-readable files, for programs that read them and
 * for the tests: `api/<product>.json` (the fields endoflife.date documents for its API v0
 * product files: an array of cycles) and `api/ledger.json` (the document `trellis missing --json`
 * writes, as docs/missing.md describes it).
 */

const dateOrBool = { oneOf: [{ type: 'string', format: 'date' }, { type: 'boolean' }] };

/** endoflife.date's API v0 `/api/<product>.json`: the documented fields of each cycle. */
export const END_OF_LIFE_API_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'endoflife.date product (API v0): release cycles',
  type: 'array',
  items: {
    type: 'object',
    required: ['cycle', 'releaseDate', 'eol', 'latest', 'latestReleaseDate', 'lts', 'support'],
    properties: {
      cycle: { type: 'string', minLength: 1, description: 'The release cycle (the line: 1.2).' },
      releaseDate: { type: 'string', format: 'date', description: 'The first release of the cycle.' },
      eol: { ...dateOrBool, description: 'End of life: a date, or whether the cycle is past it.' },
      latest: { type: 'string', minLength: 1, description: 'The latest release of the cycle.' },
      latestReleaseDate: { type: 'string', format: 'date' },
      lts: { ...dateOrBool, description: 'Long-term support: true/false, or the day it became LTS.' },
      support: { ...dateOrBool, description: 'End of active support (bug fixes): a date, or whether it is past.' },
      link: { type: ['string', 'null'], description: 'A page about the cycle.' },
      discontinued: dateOrBool,
      extendedSupport: dateOrBool,
    },
    additionalProperties: false,
  },
} as const;
