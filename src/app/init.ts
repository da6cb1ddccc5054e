/**
 * Use case `init`: writes `.trellis.yml`. Without a preset it reads the repository (default
 * branch, release-branch and tag shapes, version scheme, version files; core/policy/detect.ts)
 * and writes a policy describing it, each guess commented with its evidence; the choices the
 * repository cannot show (support rule, LTS) come with the request. With a preset it writes one
 * of the process shapes Trellis reproduces, with the repository's own project name.
 */
import { basename, resolve } from 'node:path';
import { TrellisError } from '../core/errors.js';
import { DEFAULT_CHOICES, renderDetectedPolicy, supportBeyond, type InitChoices } from '../core/policy/detect-render.js';
import { checkPolicy } from '../core/policy/load.js';
import { dateOf } from '../core/policy/duration.js';
import { guessName } from '../core/policy/detect-files.js';
import { readRepoShape, type RepoReading, type RepoShape } from '../core/policy/detect.js';
import { PRESETS, PRESET_NAMES, findPreset, personalizePreset, type PresetName } from '../core/policy/presets/index.js';
import { POLICY_FILE, display } from '../facts/policy-file.js';
import { policyFileTarget, writePolicyFile } from '../facts/policy-file-write.js';
import { readRepositoryShape } from '../facts/repository-shape.js';
import { Git } from '../git/index.js';
import { POLICY_DOCS_URL, SCHEMA_REF } from './package-info.js';
import type { Workspace } from './context.js';

export { POLICY_FILE, DEFAULT_CHOICES, type InitChoices, type RepoReading };

export interface InitRequest {
  /** A preset name or alias (`llama-stack` is `release-branches`); absent: read the repository. */
  preset?: string | undefined;
  /** The folder to write into (relative to the workspace's directory); default: the workspace's directory. */
  repo?: string | undefined;
  /** Replace an existing policy file. */
  force?: boolean | undefined;
  /** Say what would be written, write nothing. */
  dryRun?: boolean | undefined;
  /** Support rule and LTS for a policy read from the repository (default {@link DEFAULT_CHOICES}). */
  choices?: InitChoices | undefined;
}

export interface InitResult {
  /** The preset written, or null when the policy was read from the repository. */
  preset: PresetName | null;
  /** The source document the preset reproduces; for a policy read from the repository, 'the repository'. */
  source: string;
  /** What was read from the repository (null with a preset). */
  reading: RepoReading | null;
  /** The policy text (written, or that would be written). */
  text: string;
  /** The file, as shown in messages (relative to the workspace's directory when inside it). */
  file: string;
  /** A policy file was there before. */
  existed: boolean;
  /** False on a dry run. */
  written: boolean;
  /** Guesses or choices worth a second look, one sentence each (the file's comments say more). */
  notes: string[];
}

/** A list of the presets, for messages: `release-branches (trunk with release branches, from Llama Stack), ...`. */
export function presetList(): string {
  return PRESET_NAMES.map((n) => `${n} (from ${PRESETS[n].project})`).join(', ');
}

/** Reads the repository at `repo` for `init` (without a preset): what it shows, as guesses. */
export async function readRepository(ws: Workspace, repo?: string): Promise<RepoReading> {
  const shape = await openShape(ws, repo);
  if (!shape)
    throw new TrellisError(
      'not-a-repository',
      `${repo ?? ws.cwd} is not a git repository: give a preset (--preset NAME) to start from one`,
      2,
    );
  return readRepoShape(shape);
}

export async function init(ws: Workspace, req: InitRequest): Promise<InitResult> {
  const preset = req.preset === undefined ? undefined : findPreset(req.preset);
  if (req.preset !== undefined && !preset)
    throw new TrellisError('usage', `unknown preset '${req.preset}'; the presets are: ${presetList()}`, 2);
  const { path, exists } = await policyFileTarget(ws.cwd, req.repo);
  const file = display(path, ws.cwd) || POLICY_FILE;
  if (exists && !req.force) throw new TrellisError('exists', `${file} already exists; use --force to overwrite it`, 2);
  let text: string;
  let reading: RepoReading | null = null;
  const notes: string[] = [];
  if (preset) {
    const shape = await openShape(ws, req.repo);
    const { name, packages } = guessName(shape ?? emptyShape(resolve(ws.cwd, req.repo ?? '.')));
    text = personalizePreset(preset.text, name.value, packages);
  } else {
    reading = await readRepository(ws, req.repo);
    const choices = req.choices ?? DEFAULT_CHOICES;
    if (supportBeyond(choices, reading.recentLines) && choices.support.rule === 'maintained') {
      notes.push(
        `support.maintained keeps the ${choices.support.count} newest lines, but the tags show ${reading.recentLines?.evidence} (see the comment in ${file})`,
      );
    }
    text = renderDetectedPolicy(reading, choices, {
      docsUrl: POLICY_DOCS_URL,
      schemaRef: SCHEMA_REF,
      adoptedOn: dateOf(ws.clock.now()),
    });
    // The choices are typed in by a person (durations, line keys): refuse a policy that would not load.
    const problem = checkPolicy(text, file).problems[0];
    if (problem) throw new TrellisError('bad-input', `the policy would not load: ${problem.message}`, 2);
  }
  if (!req.dryRun) await writePolicyFile(path, text);
  return {
    preset: preset?.name ?? null,
    source: preset ? preset.seed : 'the repository',
    reading,
    text,
    file,
    existed: exists,
    written: !req.dryRun,
    notes,
  };
}

/** The repository's shape, or null when the folder is no repository (a preset needs none). */
async function openShape(ws: Workspace, repo: string | undefined): Promise<RepoShape | null> {
  const dir = resolve(ws.cwd, repo ?? '.');
  let git: Git;
  try {
    git = await Git.open(dir, { env: ws.env });
  } catch (e) {
    if (e instanceof TrellisError && e.code === 'not-a-repository') return null;
    throw e;
  }
  return readRepositoryShape(git, basename(dir));
}

function emptyShape(dir: string): RepoShape {
  return { branches: [], tags: [], head: null, files: [], texts: {}, folder: basename(dir) };
}
