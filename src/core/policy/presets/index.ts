import { goose } from './goose.js';
import { lightspeed } from './lightspeed.js';
import { llamaStack } from './llama-stack.js';
import { tarantool } from './tarantool.js';
import { vmpilot } from './vmpilot.js';

/**
 * Presets: one `.trellis.yml` per release process Trellis reproduces (Lightspeed-style, Llama
 * Stack-style, VMPilot-style git-flow, Tarantool-style series, Goose-style phases), kept as YAML
 * text (with comments citing the source) so `trellis init` writes exactly what a person would
 * read and edit.
 */
export const PRESET_NAMES = ['lightspeed', 'llama-stack', 'vmpilot', 'tarantool', 'goose'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
  name: PresetName;
  /** The process document the preset reproduces, by title, as `trellis init` names it. */
  seed: string;
  description: string;
  /** The policy file text. */
  text: string;
}

export const PRESETS: Record<PresetName, Preset> = {
  lightspeed: {
    name: 'lightspeed',
    seed: 'Lightspeed Core Stack: supporting backport changes for releases',
    description: 'release/X.Y branches, signed X.Y.Z tags (PEP 440), 18-24 month windows, LTS, explicit supported-versions list',
    text: lightspeed,
  },
  'llama-stack': {
    name: 'llama-stack',
    seed: 'Llama Stack release process',
    description: 'release-X.Y.x branches, vX.Y.ZrcN (PEP 440), last 2 minors maintained, version files, checklists',
    text: llamaStack,
  },
  vmpilot: {
    name: 'vmpilot',
    seed: 'VMPilot release process',
    description: 'git-flow: dev merged into main, hotfix branches from main, preparation checks',
    text: vmpilot,
  },
  tarantool: {
    name: 'tarantool',
    seed: 'Tarantool release policy (RFC)',
    description: 'release/X.Y branches + master, X.Y.Z-alphaN/-betaN/-rcN tags without v, entrypoint tags, until next minor',
    text: tarantool,
  },
  goose: {
    name: 'goose',
    seed: 'Goose release cycle',
    description: 'vX.Y-codename branches, mid-cycle/pre-release/feature-freeze phases, LTS for 1 year',
    text: goose,
  },
};

/** Other names accepted for presets. */
export const PRESET_ALIASES: Record<string, PresetName> = { gitflow: 'vmpilot' };

/** The preset for a name or alias, or undefined. */
export function findPreset(name: string): Preset | undefined {
  const key = (PRESET_ALIASES[name] ?? name) as PresetName;
  return Object.hasOwn(PRESETS, key) ? PRESETS[key] : undefined;
}
