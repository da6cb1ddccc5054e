import { goose } from './goose.js';
import { lightspeed } from './lightspeed.js';
import { llamaStack } from './llama-stack.js';
import { tarantool } from './tarantool.js';
import { vmpilot } from './vmpilot.js';

/**
 * Presets: one `.trellis.yml` per process shape Trellis reproduces, named for the shape and
 * citing the project it was taken from (trunk with release branches: Llama Stack; per-release
 * branches: Lightspeed Core Stack; series with entrypoint tags: Tarantool; codename branches
 * with phases: Goose; git-flow: VMPilot). Kept as YAML text (with comments quoting the source)
 * so `trellis init` writes exactly what a person would read and edit. The project names them
 * by (`project.name`, `project.packages`) are replaced by the repository's own at init
 * ({@link personalizePreset}).
 */
export const PRESET_NAMES = ['release-branches', 'per-release-branches', 'series', 'codename-phases', 'gitflow'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
  name: PresetName;
  /** The process document the preset reproduces, by title, as `trellis init` names it. */
  seed: string;
  /** The project the process comes from. */
  project: string;
  description: string;
  /** The policy file text. */
  text: string;
}

export const PRESETS: Record<PresetName, Preset> = {
  'release-branches': {
    name: 'release-branches',
    seed: 'Llama Stack release process',
    project: 'Llama Stack',
    description:
      'trunk with release branches: release-X.Y.x branches, vX.Y.ZrcN (PEP 440), last 2 minors maintained, version files, checklists',
    text: llamaStack,
  },
  'per-release-branches': {
    name: 'per-release-branches',
    seed: 'Lightspeed Core Stack: supporting backport changes for releases',
    project: 'Lightspeed Core Stack',
    description:
      'release/X.Y (and per-release release/X.Y.Z) branches, signed X.Y.Z tags (PEP 440), 18-24 month windows, LTS, explicit supported-versions list',
    text: lightspeed,
  },
  series: {
    name: 'series',
    seed: 'Tarantool release policy (RFC)',
    project: 'Tarantool',
    description: 'series with entrypoint tags: release/X.Y branches + master, X.Y.Z-alphaN/-betaN/-rcN tags without v, until next minor',
    text: tarantool,
  },
  'codename-phases': {
    name: 'codename-phases',
    seed: 'Goose release cycle',
    project: 'Goose',
    description: 'codename branches with phases: vX.Y-codename branches, mid-cycle/pre-release/feature-freeze phases, LTS for 1 year',
    text: goose,
  },
  gitflow: {
    name: 'gitflow',
    seed: 'VMPilot release process',
    project: 'VMPilot',
    description: 'git-flow: dev merged into main, hotfix branches from main, preparation checks',
    text: vmpilot,
  },
};

/** Other names accepted for presets: the names of the projects they came from (the first names). */
export const PRESET_ALIASES: Record<string, PresetName> = {
  'llama-stack': 'release-branches',
  lightspeed: 'per-release-branches',
  tarantool: 'series',
  goose: 'codename-phases',
  vmpilot: 'gitflow',
};

/** The preset for a name or alias, or undefined. */
export function findPreset(name: string): Preset | undefined {
  const key = (Object.hasOwn(PRESET_ALIASES, name) ? PRESET_ALIASES[name] : name) as PresetName;
  return Object.hasOwn(PRESETS, key) ? PRESETS[key] : undefined;
}

/**
 * A preset's text for another project: `project.name` becomes `name` and the `project.packages`
 * list becomes `packages` (dropped when there are none), so nothing of the source project is
 * published under another's name.
 */
export function personalizePreset(text: string, name: string, packages: ReadonlyArray<{ ecosystem: string; name: string }>): string {
  const lines = text.split('\n');
  const start = lines.indexOf('project:');
  if (start < 0) return text;
  let end = start + 1;
  while (end < lines.length && (lines[end] ?? '').startsWith('  ')) end++;
  const q = (s: string): string => JSON.stringify(s);
  const section = ['project:', `  name: ${q(name)}`];
  if (packages.length > 0)
    section.push('  packages:', ...packages.map((p) => `    - { ecosystem: ${q(p.ecosystem)}, name: ${q(p.name)} }`));
  return [...lines.slice(0, start), ...section, ...lines.slice(end)].join('\n');
}
