/**
 * The JSON contract of the commands' `--json` output: `schema/output/<name>.json`, one JSON
 * Schema per output, made from what each command prints on the demo repository and then kept
 * as the published contract (test/output-schemas.test.ts validates every output against it).
 *
 *   npm run schema:output    # rewrite schema/output/*.json after a deliberate change of output
 *
 * The inferred schema says which fields are always there, their types, and the shape of nested
 * objects and lists; fields may be added without breaking it (additionalProperties is allowed),
 * and `schemaVersion` is raised when a field is removed or changes meaning.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildDemoRepo, type DemoRepo } from './demo/history.js';
import { DEMO_TODAY, trellisIn } from './demo/run.js';
import { extensionOutputs, githubOutputs } from './output-fixtures.js';

const CVSS = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

/**
 * Each output's name (its schema file) and the command that prints it on the demo, in order (the
 * advisory commands read the record `advisory add` wrote); `{cve}`: the demo's unported fix,
 * `{init}`: its first commit. `setup`: made on a small fixture instead (scripts/output-fixtures.ts).
 */
export const JSON_OUTPUTS: ReadonlyArray<{ name: string; argv: string[]; title: string; setup?: 'extension' | 'github' }> = [
  { name: 'status', argv: ['status', '--json'], title: 'trellis status --json' },
  { name: 'schedule', argv: ['schedule', '--json', '--count', '12'], title: 'trellis schedule --json' },
  { name: 'target', argv: ['target', '--kind', 'bugfix', '--json'], title: 'trellis target --json' },
  { name: 'missing', argv: ['missing', '--json'], title: 'trellis missing --json' },
  { name: 'backport', argv: ['backport', '--auto', '--dry-run', '--json', '{cve}'], title: 'trellis backport --json' },
  { name: 'changelog', argv: ['changelog', '--line', '1.2', '--json'], title: 'trellis changelog --json' },
  { name: 'checklist', argv: ['checklist', '1.3.0', '--json'], title: 'trellis checklist --json' },
  { name: 'release', argv: ['release', '1.3', '--dry-run', '--json'], title: 'trellis release --json' },
  { name: 'branch-cut', argv: ['branch', 'cut', '--dry-run', '--json'], title: 'trellis branch cut --json' },
  { name: 'version-describe', argv: ['version', 'describe', '--json'], title: 'trellis version describe --json' },
  { name: 'policy-check', argv: ['policy', 'check', '--json'], title: 'trellis policy check --json' },
  { name: 'check', argv: ['check', '--json'], title: 'trellis check --json' },
  { name: 'version-for-build', argv: ['version', 'for-build', '--mode', 'nightly', '--json'], title: 'trellis version for-build --json' },
  { name: 'merge-back', argv: ['merge-back', '1.2', '--dry-run', '--json'], title: 'trellis merge-back --json' },
  { name: 'site', argv: ['site', '--out', '_site', '--dry-run', '--json'], title: 'trellis site --json' },
  {
    name: 'advisory-add',
    argv: [
      'advisory',
      'add',
      'CVE-2026-0001',
      '--severity',
      CVSS,
      '--summary',
      'Path traversal',
      '--introduced',
      '{init}',
      '--reported',
      '2026-03-01',
      '--json',
    ],
    title: 'trellis advisory add --json',
  },
  { name: 'advisory-fix', argv: ['advisory', 'fix', 'CVE-2026-0001', '{cve}', '--json'], title: 'trellis advisory fix --json' },
  { name: 'advisory-list', argv: ['advisory', 'list', '--json'], title: 'trellis advisory list --json' },
  { name: 'advisory-show', argv: ['advisory', 'show', 'CVE-2026-0001', '--json'], title: 'trellis advisory show --json' },
  { name: 'advisory-export', argv: ['advisory', 'export', '--json'], title: 'trellis advisory export --json' },
  { name: 'advisory-sla', argv: ['advisory', 'sla', '--json'], title: 'trellis advisory sla --json' },
  { name: 'backport-push', argv: ['backport', '--to', '1.2', '--push', '--json', '{cve}'], title: 'trellis backport --push --json' },
  {
    name: 'backport-pr',
    argv: ['backport', '--pr', '1', '--to', '1.2', '--push', '--json'],
    title: 'trellis backport --pr --json',
    setup: 'github',
  },
  { name: 'extension-status', argv: ['extension', 'status', '--json'], title: 'trellis extension status --json', setup: 'extension' },
  { name: 'extension-ships', argv: ['extension', 'ships', '--json'], title: 'trellis extension ships --json', setup: 'extension' },
  { name: 'demo', argv: ['demo', '--json'], title: 'trellis demo --json' },
  {
    name: 'extension-switch',
    argv: ['extension', 'switch', 'two-branch', '--at', 'main', '--dry-run', '--json'],
    title: 'trellis extension switch --json',
    setup: 'extension',
  },
];

type Schema = Record<string, unknown>;

/** The outputs of commands that recover what a killed run left before writing: they may carry `recovered`. */
export const RECOVERING_OUTPUTS: readonly string[] = ['release', 'branch-cut', 'backport', 'backport-push', 'merge-back'];

/**
 * `recovered` (src/core/recovery.ts), written out rather than inferred: the demo never has a
 * killed run to recover from, so its outputs never carry the field.
 */
export const RECOVERED_SCHEMA: Schema = {
  type: 'object',
  description: 'What the recovery before this run found and did (a run killed earlier); absent when there was nothing to recover.',
  properties: {
    run: {
      type: ['object', 'null'],
      properties: {
        command: { type: 'string' },
        message: { type: 'string' },
        pid: { type: 'integer' },
        started: { type: 'string' },
      },
      required: ['command', 'message', 'pid', 'started'],
    },
    transaction: { enum: ['none', 'complete', 'partial', null] },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          action: {
            enum: [
              'removed-temporary-folders',
              'removed-foreign-journal',
              'removed-lock',
              'no-change',
              'rolled-forward',
              'updated-worktree',
              'worktree-left',
            ],
          },
          targets: { type: 'array', items: { type: 'string' } },
          message: { type: 'string' },
        },
        required: ['action', 'targets', 'message'],
      },
    },
  },
  required: ['run', 'transaction', 'actions'],
};

/** A JSON Schema that every one of `samples` satisfies (see the file comment). */
export function inferSchema(samples: readonly unknown[]): Schema {
  const types = new Set(
    samples.map((s) => (s === null ? 'null' : Array.isArray(s) ? 'array' : Number.isInteger(s) ? 'integer' : typeof s)),
  );
  if (types.has('integer') && types.has('number')) types.delete('integer');
  const nonNull = [...types].filter((t) => t !== 'null');
  // Only null seen: the type is not known from the samples.
  if (nonNull.length === 0) return {};
  const schema: Schema = { type: types.size === 1 ? nonNull[0] : [...types].sort() };
  if (nonNull.length === 1 && nonNull[0] === 'object') {
    const objects = samples.filter((s): s is Record<string, unknown> => s !== null && typeof s === 'object' && !Array.isArray(s));
    const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
    schema.properties = Object.fromEntries(keys.map((k) => [k, inferSchema(objects.filter((o) => k in o).map((o) => o[k]))]));
    schema.required = keys.filter((k) => objects.every((o) => k in o));
  }
  if (nonNull.length === 1 && nonNull[0] === 'array') {
    const items = samples.filter(Array.isArray).flat();
    if (items.length > 0) schema.items = inferSchema(items);
  }
  return schema;
}

/**
 * Runs every JSON output: on a fresh demo repository (the release-branches preset adopted, a bare
 * `origin` to push to) where it can, else on its fixture.
 */
export async function demoOutputs(): Promise<{ repo: DemoRepo; outputs: Map<string, unknown> }> {
  const repo = await buildDemoRepo();
  repo.env = { ...repo.env, GIT_COMMITTER_DATE: '2026-03-13T12:00:00Z', GIT_AUTHOR_DATE: '2026-03-13T12:00:00Z' };
  await trellisIn(repo, ['init', '--preset', 'release-branches'], DEMO_TODAY);
  const git = (...args: string[]) => promisify(execFile)('git', args, { cwd: repo.dir, env: repo.env });
  await git('init', '-q', '--bare', join(repo.root, 'origin.git'));
  await git('remote', 'add', 'origin', join(repo.root, 'origin.git'));
  const outputs = new Map<string, unknown>();
  await Promise.all([extensionOutputs(outputs), githubOutputs(outputs)]);
  const ids: Record<string, string> = { '{cve}': repo.commits.cve as string, '{init}': repo.commits.init as string };
  for (const o of JSON_OUTPUTS.filter((x) => !x.setup)) {
    const argv = o.argv.map((a) => ids[a] ?? a);
    const r = await trellisIn(repo, argv, DEMO_TODAY);
    if (r.code > 1) throw new Error(`trellis ${argv.join(' ')} failed (${r.code}): ${r.stderr}`);
    outputs.set(o.name, JSON.parse(r.stdout));
  }
  return { repo, outputs };
}

async function main(): Promise<void> {
  const { repo, outputs } = await demoOutputs();
  try {
    const dir = join(import.meta.dirname, '..', 'schema', 'output');
    await mkdir(dir, { recursive: true });
    for (const o of JSON_OUTPUTS) {
      const schema = {
        $schema: 'http://json-schema.org/draft-07/schema#',
        title: o.title,
        description: `The JSON output of \`${o.title}\` (schemaVersion 1). Generated by npm run schema:output from the demo repository (or a small fixture, scripts/output-fixtures.ts); fields may be added, never removed without a new schemaVersion.`,
        ...inferSchema([outputs.get(o.name)]),
      };
      const properties = (schema as unknown as { properties: Record<string, unknown> }).properties;
      properties.schemaVersion = {
        const: 1,
        description: 'The version of this contract.',
      };
      if (RECOVERING_OUTPUTS.includes(o.name)) properties.recovered = RECOVERED_SCHEMA;
      await writeFile(join(dir, `${o.name}.json`), `${JSON.stringify(schema, null, 2)}\n`);
    }
  } finally {
    await rm(repo.root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() as string)) await main();
