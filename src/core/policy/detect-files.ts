/**
 * The project's name, published packages and version files, read from the files at the
 * development branch (`trellis init` without a preset; see detect.ts). A key is proposed only
 * when the version-file reader finds a version there, so the written policy passes
 * `trellis policy check` as it is.
 */
import { readVersionFile, type VersionFileSpec } from '../release/updaters/index.js';
import type { Guess, RepoShape, VersionFileGuess } from './detect-types.js';

/** Candidate specs per file name, tried in order; the first that reads a version wins. */
const CANDIDATES: Array<{ file: RegExp; specs: Array<Omit<VersionFileSpec, 'path'>>; about: string }> = [
  { file: /^package\.json$/, specs: [{ kind: 'json', key: 'version' }], about: 'npm package' },
  {
    file: /^pyproject\.toml$/,
    specs: [
      { kind: 'toml', key: 'project.version' },
      { kind: 'toml', key: 'tool.poetry.version' },
      { kind: 'toml', key: 'tool.setuptools_scm.fallback_version' },
    ],
    about: 'Python project',
  },
  {
    file: /^Cargo\.toml$/,
    specs: [
      { kind: 'toml', key: 'package.version' },
      { kind: 'toml', key: 'workspace.package.version' },
    ],
    about: 'Rust crate',
  },
  {
    // version.py, _version.py, __version__.py, __about__.py in the root or a package folder.
    file: /^(?:[^/]+\/){0,2}_{0,2}(?:version|about)_{0,2}\.py$/,
    specs: [{ kind: 'regex', pattern: '__version__\\s*=\\s*["\'](?<version>[^"\']+)["\']' }],
    about: 'Python version module',
  },
];

/** Version files among the files at the development branch whose version the readers find. */
export function guessVersionFiles(shape: RepoShape): VersionFileGuess[] {
  const out: VersionFileGuess[] = [];
  for (const path of shape.files) {
    const text = shape.texts[path];
    if (text === undefined) continue;
    const candidate = CANDIDATES.find((c) => c.file.test(path));
    if (!candidate) continue;
    for (const spec of candidate.specs) {
      const found = readable({ ...spec, path } as VersionFileSpec, text);
      if (found === null) continue;
      const where = spec.key !== undefined ? `${spec.key} = ${found.value}` : `__version__ = ${found.value}`;
      out.push({
        path,
        kind: spec.kind as VersionFileGuess['kind'],
        ...(spec.key !== undefined ? { key: spec.key } : {}),
        ...(spec.pattern !== undefined ? { pattern: spec.pattern } : {}),
        evidence: `${path} (${candidate.about}) has ${where} (line ${found.line})`,
      });
      break;
    }
  }
  return out;
}

/** The files whose text detection reads: candidates for version files and names. */
export function filesToRead(files: readonly string[]): string[] {
  return files.filter((f) => CANDIDATES.some((c) => c.file.test(f)));
}

function readable(spec: VersionFileSpec, text: string): { value: string; line: number } | null {
  try {
    const [first] = readVersionFile(text, spec);
    return first && first.value !== '' ? first : null;
  } catch {
    return null;
  }
}

/** The project's name and its published packages, from package.json, pyproject.toml, Cargo.toml. */
export function guessName(shape: RepoShape): {
  name: Guess<string>;
  packages: Array<{ ecosystem: string; name: string; evidence: string }>;
} {
  const packages: Array<{ ecosystem: string; name: string; evidence: string }> = [];
  const pkg = jsonObject(shape.texts['package.json']);
  if (pkg && typeof pkg.name === 'string' && pkg.private !== true) {
    packages.push({ ecosystem: 'npm', name: pkg.name, evidence: 'package.json name (not private)' });
  }
  const py = tomlName(shape.texts['pyproject.toml'], ['project', 'tool.poetry']);
  // PyPI names compare normalised (PEP 503): llama_stack is llama-stack.
  if (py) packages.push({ ecosystem: 'PyPI', name: py.toLowerCase().replace(/[-_.]+/g, '-'), evidence: 'pyproject.toml name' });
  const crate = tomlName(shape.texts['Cargo.toml'], ['package']);
  if (crate) packages.push({ ecosystem: 'crates.io', name: crate, evidence: 'Cargo.toml name' });
  const first = packages[0];
  const name = first
    ? { value: first.name.replace(/^@[^/]+\//, ''), evidence: first.evidence }
    : typeof pkg?.name === 'string'
      ? { value: pkg.name.replace(/^@[^/]+\//, ''), evidence: 'package.json name' }
      : { value: shape.folder, evidence: 'the folder name' };
  return { name, packages };
}

function jsonObject(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `name = "..."` in the first of `tables` the file has (a line scan: names need no full TOML parse). */
function tomlName(text: string | undefined, tables: readonly string[]): string | null {
  if (text === undefined) return null;
  let table = '';
  const found = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      table = (header[1] ?? '').trim();
      continue;
    }
    const m = /^name\s*=\s*["']([^"']+)["']/.exec(line);
    if (m && !found.has(table)) found.set(table, m[1] ?? '');
  }
  for (const t of tables) if (found.has(t)) return found.get(t) ?? null;
  return null;
}
