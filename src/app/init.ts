/**
 * Use case `init`: writes `.trellis.yml` from a preset, one of the release processes Trellis
 * reproduces (Lightspeed-style, Llama Stack-style, VMPilot-style git-flow, Tarantool-style
 * series, Goose-style phases). Needs a folder, not a repository.
 */
import { TrellisError } from '../core/errors.js';
import { findPreset, type PresetName } from '../core/policy/presets/index.js';
import { POLICY_FILE, display } from '../facts/policy-file.js';
import { policyFileTarget, writePolicyFile } from '../facts/policy-file-write.js';
import type { Workspace } from './context.js';

export { POLICY_FILE };

export interface InitRequest {
  /** A preset name or alias (`gitflow` is `vmpilot`). */
  preset: string;
  /** The folder to write into (relative to the workspace's directory); default: the workspace's directory. */
  repo?: string | undefined;
  /** Replace an existing policy file. */
  force?: boolean | undefined;
  /** Say what would be written, write nothing. */
  dryRun?: boolean | undefined;
}

export interface InitResult {
  preset: PresetName;
  /** The source document the preset reproduces, by number and title, as `trellis init` names it. */
  source: string;
  /** The policy text (written, or that would be written). */
  text: string;
  /** The file, as shown in messages (relative to the workspace's directory when inside it). */
  file: string;
  /** A policy file was there before. */
  existed: boolean;
  /** False on a dry run. */
  written: boolean;
}

export async function init(ws: Workspace, req: InitRequest): Promise<InitResult> {
  const preset = findPreset(req.preset);
  if (!preset) throw new TrellisError('usage', `unknown preset '${req.preset}'`, 2);
  const { path, exists } = await policyFileTarget(ws.cwd, req.repo);
  const file = display(path, ws.cwd) || POLICY_FILE;
  if (exists && !req.force) throw new TrellisError('exists', `${file} already exists; use --force to overwrite it`, 2);
  if (!req.dryRun) await writePolicyFile(path, preset.text);
  return { preset: preset.name, source: preset.seed, text: preset.text, file, existed: exists, written: !req.dryRun };
}
