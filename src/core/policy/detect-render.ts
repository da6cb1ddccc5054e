/**
 * Writes the policy `trellis init` proposes for a repository read by detect.ts: YAML a person
 * reads and edits, each guess preceded by a comment that says what it was read from.
 */
import type { Guess, RepoReading } from './detect-types.js';

/** The choices the repository cannot show: which lines get fixes, and LTS. */
export interface InitChoices {
  support:
    { rule: 'maintained'; count: number } | { rule: 'untilNextMinor' } | { rule: 'window'; bugfix: string; security?: string | undefined };
  lts: { lines: string[]; duration: string } | null;
}

/** What `--yes` and a plain Enter take. */
export const DEFAULT_CHOICES: InitChoices = { support: { rule: 'maintained', count: 2 }, lts: null };

/** The link to the policy reference written into generated files. */
export interface RenderOptions {
  docsUrl: string;
  schemaRef: string;
  /** The day the policy is written (`YYYY-MM-DD`): `check.since`, the adoption baseline. */
  adoptedOn: string;
}

/** A YAML scalar: plain when safe, else double-quoted (JSON strings are valid YAML). */
function q(s: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(s) && !/^(?:true|false|null|yes|no|on|off|~|[\d.]+)$/i.test(s) ? s : JSON.stringify(s);
}

function comment(text: string, indent: string): string[] {
  return text.split('\n').map((l) => `${indent}# ${l}`);
}

function evidence<T>(g: Guess<T>, indent: string): string[] {
  return comment(`Read from: ${g.evidence}.`, indent);
}

/**
 * What to say when the tags show more lines patched recently than `maintained` keeps (null
 * otherwise): the history cannot decide the rule, but it can show that the choice drops lines
 * the team still releases.
 */
export function supportBeyond(c: InitChoices, recent: RepoReading['recentLines']): string | null {
  if (c.support.rule !== 'maintained' || !recent || recent.value.length <= c.support.count) return null;
  const n = c.support.count;
  return (
    `With the newest, ${recent.value.length} lines got fixes: more than the ${n} newest that 'maintained' keeps.\n` +
    "Raise it, or list the lines that still get fixes under 'lines' with their 'eol' dates."
  );
}

/** The policy text for the repository read, with the choices made. */
export function renderDetectedPolicy(r: RepoReading, choices: InitChoices, opts: RenderOptions): string {
  return [
    `# yaml-language-server: $schema=${opts.schemaRef}`,
    `# Trellis policy for ${r.name.value}, written by 'trellis init' from what the repository shows.`,
    '# Each guess below says what it was read from: correct any that is wrong.',
    `# Every key: ${opts.docsUrl}`,
    '# Check this file against the repository with: trellis policy check',
    '',
    ...projectSection(r),
    '',
    ...versioningSection(r),
    '',
    ...branchesSection(r),
    '',
    ...supportSection(choices, r.recentLines),
    ...versionFilesSection(r),
    ...releaseSection(r),
    ...flowSection(r),
    ...checkSection(opts.adoptedOn),
  ].join('\n');
}

function projectSection(r: RepoReading): string[] {
  const out = ['project:', ...evidence(r.name, '  '), `  name: ${q(r.name.value)}`];
  if (r.packages.length > 0) {
    out.push('  packages:');
    for (const p of r.packages)
      out.push(...comment(`Read from: ${p.evidence}.`, '    '), `    - { ecosystem: ${q(p.ecosystem)}, name: ${q(p.name)} }`);
  }
  return out;
}

function versioningSection(r: RepoReading): string[] {
  const out = ['versioning:', ...evidence(r.scheme, '  '), `  scheme: ${r.scheme.value}`];
  if (r.prerelease) {
    out.push(...evidence(r.prerelease, '  '), '  prerelease:');
    out.push(`    labels: [${r.prerelease.value.labels.map(q).join(', ')}]`, `    format: ${JSON.stringify(r.prerelease.value.format)}`);
  }
  const tags = r.tag.value.map((t) => JSON.stringify(t));
  out.push(...evidence(r.tag, '  '));
  if (r.tag.value.length > 1) out.push('  # The first template names new tags; all are recognised.');
  out.push(`  tag: ${tags.length === 1 ? tags[0] : `[${tags.join(', ')}]`}`);
  if (r.strayTags) {
    out.push(...evidence(r.strayTags, '  '), '  # Not releases: listed here so that no command warns about them.');
    out.push(`  ignoreTags: [${r.strayTags.value.map((t) => JSON.stringify(t)).join(', ')}]`);
  }
  out.push('  # A release line is MAJOR.MINOR (1.2.0, 1.2.1, ... make line 1.2).', '  line: minor');
  return out;
}

function branchesSection(r: RepoReading): string[] {
  const out = ['branches:', ...evidence(r.main, '  '), `  main: ${q(r.main.value)}`];
  if (r.develop) out.push(...evidence(r.develop, '  '), `  develop: ${q(r.develop.value)}`);
  if (r.release.length === 0) {
    out.push('  # No release branches yet: new lines get branches named like release/1.2.', '  release: "release/{major}.{minor}"');
  } else {
    out.push('  release:');
    if (r.release.length > 1) out.push('    # The first template names new branches; all are read.');
    for (const t of r.release) {
      out.push(...comment(`Read from: ${t.evidence}${t.eol ? ' (end-of-life lines)' : ''}.`, '    '));
      out.push(t.eol ? `    - { template: ${JSON.stringify(t.value)}, eol: true }` : `    - ${JSON.stringify(t.value)}`);
    }
    for (const why of r.releaseLeftOut) out.push(...comment(`Not taken as release lines: ${why}.`, '    '));
  }
  if (r.hotfix) out.push(...evidence(r.hotfix, '  '), `  hotfix: ${JSON.stringify(r.hotfix.value)}`);
  return out;
}

function supportSection(c: InitChoices, recent: RepoReading['recentLines']): string[] {
  const out = ['support:'];
  if (recent) out.push(...evidence(recent, '  '));
  const beyond = supportBeyond(c, recent);
  if (beyond) out.push(...comment(beyond, '  '));
  const s = c.support;
  if (s.rule === 'maintained') {
    out.push(`  # Chosen at init: the ${s.count} newest released lines get fixes.`, `  maintained: ${s.count}`);
  } else if (s.rule === 'untilNextMinor') {
    out.push('  # Chosen at init: a line gets fixes until the next minor of its major ships.', '  untilNextMinor: true');
  } else {
    out.push(`  # Chosen at init: bug fixes for ${s.bugfix} after a line's first release.`, `  bugfix: ${q(s.bugfix)}`);
    if (s.security) out.push(`  # Then security fixes only, until ${s.security} after the first release.`, `  security: ${q(s.security)}`);
  }
  if (c.lts && c.lts.lines.length > 0) {
    out.push('  # Chosen at init: long-term support lines.', '  lts:', `    duration: ${q(c.lts.duration)}`);
    out.push(`    lines: [${c.lts.lines.map((l) => JSON.stringify(l)).join(', ')}]`);
  } else {
    out.push('  # No LTS lines. To add some: lts: { duration: 2 years, lines: ["1.2"] }');
  }
  return out;
}

function versionFilesSection(r: RepoReading): string[] {
  if (r.versionFiles.length === 0) {
    return ['', '# No version file found (package.json, pyproject.toml, Cargo.toml, version.py): releases only tag.', 'versionFiles: []'];
  }
  const out = ['', '# Files whose version a release writes.', 'versionFiles:'];
  for (const f of r.versionFiles) {
    out.push(...comment(`Read from: ${f.evidence}.`, '  '));
    const where = f.key !== undefined ? `key: ${q(f.key)}` : `pattern: ${JSON.stringify(f.pattern)}`;
    out.push(`  - { path: ${q(f.path)}, kind: ${f.kind}, ${where} }`);
  }
  return out;
}

function releaseSection(r: RepoReading): string[] {
  if (!r.entrypoint) return [];
  return [
    '',
    'release:',
    ...evidence(r.entrypoint, '  '),
    '  # A cut tags X.(Y+1).0-entrypoint on the development branch; git describe counts from it.',
    `  entrypoint: ${JSON.stringify(r.entrypoint.value)}`,
  ];
}

/**
 * The adoption baseline. The history before it followed no Trellis policy, and the support
 * dates of its old lines are the support rule's guesses: judged by them, a clone of tarantool
 * showed 3,565 "commits after end of life" on its archive branches (the team supports more than
 * two series), and every project showed old features picked into lines. From this day on,
 * `trellis check` judges what the team does under the policy it now has.
 */
function checkSection(adoptedOn: string): string[] {
  return [
    'check:',
    "  # Chosen at init: the day Trellis was adopted. The repository-state check ('trellis check'",
    '  # without --base) leaves out commits, tags and missing changes dated earlier: that history',
    "  # followed no Trellis policy. 'trellis missing' still lists every missing fix. Remove this",
    '  # key to judge the whole history; pull requests are always checked in full.',
    `  since: ${JSON.stringify(adoptedOn)}`,
    '',
  ];
}

function flowSection(r: RepoReading): string[] {
  if (!r.develop) return [''];
  return [
    '',
    'flow:',
    `  # git-flow: '${r.develop.value}' is merged into '${r.main.value}' to release; hotfixes start on '${r.main.value}'.`,
    '  model: gitflow',
    '  hotfix:',
    '    from: main',
    '    mergeInto: [main, develop]',
    '',
  ];
}
