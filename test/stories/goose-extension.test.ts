/**
 * Goose-style extensions end to end: a core (the goose preset) and an unstable API extension that
 * has the core as a git submodule, walked through the core's three phases (mid-cycle,
 * pre-release, feature freeze) and back to mid-cycle. Each assertion quotes the sentence of the
 * Goose document ("发布周期", second half: the extension release cycle) it checks.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { story, type Story } from './story.js';

const WORKFLOW = '.github/workflows/MainDistributionPipeline.yml';
const CONFIG = '.github/config/extensions.cmake';
const workflow = (v: string) =>
  `jobs:\n  build:\n    uses: goose/extension-ci-tools/.github/workflows/_extension_distribution.yml@main\n    with:\n      goose_version: ${v}\n`;

const normalise = (text: string) => text.replace(/\b[0-9a-f]{12}\b/g, '<commit>');

interface StatusJson {
  core: { phase: string; phaseSource: string };
  type: string;
  branches: Array<{
    role: string;
    branch: string;
    targets: Array<{ name: string }>;
    pins: Array<{ source: string; value: string; ok: boolean }>;
  }>;
  merges: Array<{ for: string; release: string; branch: string | null; says: string; quoted: boolean }>;
  findings: string[];
  notes: string[];
  exitCode: number;
}

async function status(ext: Story, day: string): Promise<StatusJson> {
  const res = await ext.run(day, 'extension', 'status', '--json');
  expect(res.stderr).toBe('');
  const j = JSON.parse(res.stdout) as StatusJson;
  expect(res.code).toBe(j.findings.length > 0 ? 1 : 0);
  return j;
}
const targetsOf = (j: StatusJson) => Object.fromEntries(j.branches.map((b) => [b.branch, b.targets.map((t) => t.name)]));
const mergesOf = (j: StatusJson) => Object.fromEntries(j.merges.map((m) => [m.for, m.branch]));

describe('Goose-style extensions: an unstable API extension follows its core through the three phases', () => {
  it('targets, merges, ships and switches branch types as the seed says', async () => {
    const core = await story('goose', {
      day: '2025-01-02',
      edit: (p) => p.replace('codenames: {}', 'codenames: { "1.2": histrionicus, "1.3": ossivalis }'),
      files: { 'src/goose.cpp': 'int main() { return 0; }\n' },
    });
    await core.r.commit('feat: parquet reader', { files: { 'src/parquet.cpp': 'read();\n' }, date: '2025-01-05' });
    await core.ok('2025-01-10', 'branch', 'cut', '1.2');

    const ext = await story('goose', {
      day: '2025-01-11',
      edit: (p) =>
        `${p.replace('codenames: {}', 'codenames: { "1.2": histrionicus, "1.3": ossivalis }')}
extension:
  api: unstable
  core: { submodule: goose }
  workflow: { file: ${WORKFLOW}, pattern: 'goose_version:\\s*(\\S+)' }
  config: { file: ${CONFIG}, pattern: 'GIT_TAG\\s+([0-9a-f]+)' }
`,
      files: { [WORKFLOW]: workflow('v1.2-histrionicus'), 'src/spatial.cpp': 'spatial();\n' },
    });
    const x = ext.r;
    const outputs: string[] = [];
    const shownIn = async (where: Story, ...args: string[]) => {
      const res = await where.run('2025-12-01', ...args);
      outputs.push(`$ trellis ${args.join(' ')}\n${res.stdout}${res.stderr}`);
    };
    const shown = (...args: string[]) => shownIn(ext, ...args);
    const sub = (...args: string[]) => x.gitWith(args, { cwd: join(x.dir, 'goose') });
    await x.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', '-b', 'main', '--', core.r.dir, 'goose');
    await sub('checkout', '-q', 'origin/v1.2-histrionicus');
    const e1 = await x.commit('build against the goose v1.2 branch', { date: '2025-01-12' });

    // "发布可用扩展列表记录在 extension config files 中" (the extensions a release ships are listed in the config files).
    await core.r.checkout('v1.2-histrionicus');
    await core.r.commit('ci: extension config', {
      files: { [CONFIG]: `duckdb_extension_load(spatial\n    GIT_TAG ${e1}\n)\n` },
      date: '2025-01-14',
    });
    await core.r.checkout('main');
    await core.ok('2025-01-15', 'release', '1.2');
    await sub('fetch', '-q', '--tags');
    await sub('checkout', '-q', 'v1.2.0');
    const e2 = await x.commit('build against goose v1.2.0', { files: { [WORKFLOW]: workflow('v1.2.0') }, date: '2025-01-16' });
    const e3 = await x.commit('feat: st_buffer', { files: { 'src/buffer.cpp': 'buffer();\n' }, date: '2025-01-20' });

    // ---- Phase 1: Mid-cycle ---------------------------------------------------------------------
    let s = await status(ext, '2025-02-01');
    expect(s.core.phase).toBe('mid-cycle');
    expect(s.core.phaseSource).toContain('core submodule goose');
    // "Single branch extensions have only the main active branch".
    expect(s.type).toBe('single-branch');
    // Mid-cycle, Single branch: "Extension main -> Goose vx.y.z or main".
    expect(targetsOf(s)).toEqual({ main: ['v1.2.0', 'main'] });
    expect(s.branches[0]!.pins.map((p) => [p.source, p.ok])).toEqual([
      ['submodule', true],
      ['workflow', true],
    ]);
    // "if Goose target: vx.y.z: PR for vx.y.<z+1> into main"; "PR for vx.<y+1>.0 merges into main".
    expect(s.merges.slice(0, 2)).toMatchObject([
      { for: 'patch', release: '1.2.1', branch: 'main', quoted: true },
      { for: 'minor', release: '1.3.0', branch: 'main', quoted: true },
    ]);
    expect(s.exitCode).toBe(0);
    const text = await ext.ok('2025-02-01', 'extension', 'status');
    expect(text).toContain('extension:   unstable API, single-branch');
    expect(text).toContain('main: must target v1.2.0 or main');

    // Release type Patch, Single branch: "Latest version: commit in config files"; Minor: "Extension main branch".
    const ships = JSON.parse(await ext.ok('2025-02-01', 'extension', 'ships', '--json')) as ShipsJson;
    expect(ships.extensions[0]!.answers).toMatchObject([
      { release: 'patch', coreRelease: '1.2.1', from: 'config', commit: e1, branch: null },
      { release: 'minor', coreRelease: '1.3.0', from: 'main', commit: e3, branch: 'main' },
    ]);

    // Two -> Three branch "When: during Pre-release or Feature-freeze phase": refused in mid-cycle.
    const early = await ext.run('2025-02-01', 'extension', 'switch', 'three-branch');
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('the extension is single-branch');

    // Single -> Two branch, "When: during any phase"; "Create branch vx.y-codename from a commit on main
    // between HEAD of main and the commit in the Goose vx.y.z config file".
    const before = await ext.run('2025-02-02', 'extension', 'switch', 'two-branch', '--at', 'HEAD~3');
    expect(before.code).toBe(2);
    expect(before.stderr).toContain("is older than the commit in .github/config/extensions.cmake at the core's v1.2.0");
    expect(await ext.ok('2025-02-02', 'extension', 'switch', 'two-branch', '--dry-run')).toContain(
      `would create v1.2-histrionicus at ${e1.slice(0, 12)} (the commit in ${CONFIG} at the core's v1.2.0)`,
    );
    expect(await ext.branches()).toEqual(['main']);
    expect(await ext.ok('2025-02-02', 'extension', 'switch', 'two-branch', '--at', e2)).toContain('created v1.2-histrionicus');
    expect(await x.rev('v1.2-histrionicus')).toBe(e2);

    s = await status(ext, '2025-02-03');
    // "Two branch extensions have two active branches: main and vx.y-codename".
    expect(s.type).toBe('two-branch');
    // Mid-cycle, Two branch: "Extension main -> Goose vx.y.z or main"; "Extension vx.y-codename -> Goose vx.y.z or vx.y-codename".
    expect(targetsOf(s)).toEqual({ main: ['v1.2.0', 'main'], 'v1.2-histrionicus': ['v1.2.0', 'v1.2-histrionicus'] });
    // "PR for vx.y.<z+1> merges into vx.y-codename"; "PR for vx.<y+1>.0 merges into main".
    expect(mergesOf(s)).toMatchObject({ patch: 'v1.2-histrionicus', minor: 'main' });
    // Release type Patch, Multi branch: "Latest version: Extension vx.y-codename branch".
    expect(await ext.ok('2025-02-03', 'extension', 'ships', '--release', 'patch')).toContain(
      `ships ${e2.slice(0, 12)} from v1.2-histrionicus`,
    );
    // trellis target in the extension answers with the extension tables.
    const fix = JSON.parse(await ext.ok('2025-02-03', 'target', '--kind', 'bugfix', '--json')) as {
      model: string;
      branch: string;
      reason: string;
    };
    expect(fix).toMatchObject({ model: 'extension', branch: 'v1.2-histrionicus' });
    expect(fix.reason).toContain('"PR for vx.y.<z+1> merges into vx.y-codename"');

    // A pin that disagrees with the table is a mismatch (exit 1): main may not build against the core's v1.2 branch.
    await x.commit('ci: try the goose v1.2 branch', { files: { [WORKFLOW]: workflow('v1.2-histrionicus') }, date: '2025-02-10' });
    s = await status(ext, '2025-02-10');
    expect(s.findings).toEqual([expect.stringContaining('main: workflow pin v1.2-histrionicus')]);
    expect(s.findings[0]).toContain('"Extension main -> Goose vx.y.z or main"');
    // "To be able to test with latest Goose main while maintaining ability to do releases for vx.y.<z+n>".
    await x.commit('ci: build main against goose main', { files: { [WORKFLOW]: workflow('main') }, date: '2025-02-11' });
    expect((await status(ext, '2025-02-11')).findings).toEqual([]);

    // docs/extensions.md shows these, as run here.
    await shown('extension', 'status', '--date', '2025-02-03');
    await shown('extension', 'ships', '--date', '2025-02-03');
    await shown('extension', 'switch', 'three-branch', '--date', '2025-02-03');
    await shown('target', '--kind', 'feature', '--date', '2025-02-03');

    // ---- Phase 2: Pre-release -------------------------------------------------------------------
    // "该阶段开始时会创建 vx.<y+1>-codename 分支" (the phase begins by creating vx.<y+1>-codename).
    await core.r.commit('feat: new optimizer', { files: { 'src/optimizer.cpp': 'opt();\n' }, date: '2025-04-01' });
    await core.ok('2025-04-02', 'branch', 'cut', '1.3');
    await sub('fetch', '-q');
    s = await status(ext, '2025-04-03');
    expect(s.core.phase).toBe('pre-release');
    // Pre-release, Two branch: "Extension main -> Goose vx.y.z or vx.<y+1>-codename": main's `main` pin is now wrong.
    expect(targetsOf(s)).toEqual({ main: ['v1.2.0', 'v1.3-ossivalis'], 'v1.2-histrionicus': ['v1.2.0', 'v1.2-histrionicus'] });
    expect(s.findings).toEqual([expect.stringContaining('main: workflow pin main')]);
    await sub('checkout', '-q', 'origin/v1.3-ossivalis');
    await x.commit('build against the goose v1.3 branch', { files: { [WORKFLOW]: workflow('v1.3-ossivalis') }, date: '2025-04-04' });
    expect((await status(ext, '2025-04-04')).findings).toEqual([]);

    // Two -> Three branch: "Create vx.<y+1>-codename branch from main".
    const main = await x.rev('main');
    expect(await ext.ok('2025-04-05', 'extension', 'switch', 'three-branch')).toContain(`created v1.3-ossivalis at ${main.slice(0, 12)}`);
    expect(await ext.branches()).toEqual(['main', 'v1.2-histrionicus', 'v1.3-ossivalis']);
    s = await status(ext, '2025-04-05');
    // "Three branch extensions have three active branches: main, vx.y-codename, and vx.<y+1>-codename".
    expect(s.type).toBe('three-branch');
    // Pre-release, Three branch: "Extension main -> Goose main"; "Extension vx.y-codename -> Goose vx.y.z or
    // vx.y-codename"; "Extension vx.<y+1>-codename -> Goose vx.<y+1>-codename".
    expect(targetsOf(s)).toEqual({
      main: ['main'],
      'v1.2-histrionicus': ['v1.2.0', 'v1.2-histrionicus'],
      'v1.3-ossivalis': ['v1.3-ossivalis'],
    });
    expect(s.findings).toEqual([expect.stringContaining('main: workflow pin v1.3-ossivalis')]);
    await x.commit('ci: main builds against goose main', { files: { [WORKFLOW]: workflow('main') }, date: '2025-04-06' });
    s = await status(ext, '2025-04-06');
    expect(s.findings).toEqual([]);
    // The seed lists no PR rule for pre-release: derived from the targets (each PR merges where its core version is built).
    expect(s.merges).toMatchObject([
      { for: 'patch', release: '1.2.1', branch: 'v1.2-histrionicus', quoted: false },
      { for: 'minor', release: '1.3.0', branch: 'v1.3-ossivalis', quoted: false },
      { for: 'after', release: '1.4.0', branch: 'main', quoted: false },
    ]);
    // Release type Minor, Three branch: "Latest version: Extension vx.<y+1>-codename branch".
    const minor = JSON.parse(await ext.ok('2025-04-06', 'extension', 'ships', '--release', 'minor', '--json')) as ShipsJson;
    expect(minor.extensions[0]!.answers).toMatchObject([{ from: 'next', branch: 'v1.3-ossivalis', commit: main }]);

    // ---- Phase 3: Feature freeze ----------------------------------------------------------------
    // Feature freeze cannot be seen in the branches: the core's policy dates it (and mid-cycle after 1.3.0).
    const policy = await core.show('main', '.trellis.yml');
    await core.r.commit('chore: phases', {
      files: {
        '.trellis.yml': policy.replace(
          '  schedule: []',
          '  schedule:\n    - { phase: feature-freeze, from: "2025-05-01", line: "1.3" }\n    - { phase: mid-cycle, from: "2025-06-01" }',
        ),
      },
      date: '2025-04-30',
    });
    await sub('fetch', '-q');
    s = await status(ext, '2025-05-02');
    expect(s.core).toMatchObject({ phase: 'feature-freeze' });
    expect(s.core.phaseSource).toContain('phases.schedule: feature-freeze since 2025-05-01');
    // "Phase: Pre-release / Patch" holds in feature freeze too: same active branches, same targets.
    expect(targetsOf(s)).toEqual({
      main: ['main'],
      'v1.2-histrionicus': ['v1.2.0', 'v1.2-histrionicus'],
      'v1.3-ossivalis': ['v1.3-ossivalis'],
    });
    expect(s.findings).toEqual([]);
    const again = await ext.run('2025-05-02', 'extension', 'switch', 'three-branch');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('the extension is three-branch');

    await shown('extension', 'status', '--date', '2025-05-02');
    await shown('extension', 'ships', '--date', '2025-05-02');
    await shown('target', '--kind', 'bugfix', '--for', '1.2.1', '--date', '2025-05-02');

    // ---- Feature freeze -> Mid-cycle ------------------------------------------------------------
    await core.ok('2025-06-01', 'release', '1.3');
    await sub('fetch', '-q', '--tags');
    s = await status(ext, '2025-06-02');
    expect(s.core.phase).toBe('mid-cycle');
    // "Three branch -> Two branch ...: happens automatically (vx.y-codename becomes inactive by definition)".
    expect(s.type).toBe('two-branch');
    expect(s.notes).toEqual([expect.stringContaining('inactive: v1.2-histrionicus')]);
    expect(targetsOf(s)).toEqual({ main: ['v1.3.0', 'main'], 'v1.3-ossivalis': ['v1.3.0', 'v1.3-ossivalis'] });
    expect(s.findings).toEqual([]);
    expect(mergesOf(s)).toMatchObject({ patch: 'v1.3-ossivalis', minor: 'main' });
    await shown('extension', 'status', '--date', '2025-06-02');

    // Run in the core "with its extension config files": the core's policy lists its extensions.
    const corePolicy = await core.show('main', '.trellis.yml');
    await core.r.write(
      '.trellis.yml',
      `${corePolicy}extensions:\n  - { name: spatial, path: ${relative(core.r.dir, x.dir)}, config: { file: ${CONFIG}, pattern: 'GIT_TAG\\s+([0-9a-f]+)' } }\n`,
    );
    const inCoreRun = await core.run('2025-06-02', 'extension', 'ships', '--json');
    expect(inCoreRun.stderr).toBe('');
    const inCore = JSON.parse(inCoreRun.stdout) as ShipsJson;
    await shownIn(core, 'extension', 'ships', '--date', '2025-06-02');
    // Patch, Multi branch: "Extension vx.y-codename branch"; Minor, Two branch: "Extension main branch".
    expect(inCore).toMatchObject({
      mode: 'core',
      extensions: [
        {
          name: 'spatial',
          type: 'two-branch',
          answers: [
            { release: 'patch', coreRelease: '1.3.1', from: 'current', branch: 'v1.3-ossivalis', commit: await x.rev('v1.3-ossivalis') },
            { release: 'minor', coreRelease: '1.4.0', from: 'main', branch: 'main', commit: await x.rev('main') },
          ],
        },
      ],
    });

    // Every output docs/extensions.md shows is the output of the command above it (commit ids aside:
    // the extension's depend on the temporary folder its .gitmodules names).
    const docs = normalise(await readFile(join(import.meta.dirname, '../../docs/extensions.md'), 'utf8'));
    for (const block of outputs) expect(docs).toContain(normalise(block));
  });
});

interface ShipsJson {
  mode: string;
  extensions: Array<{
    name: string;
    type: string;
    answers: Array<{ release: string; coreRelease: string; from: string; branch: string | null; commit: string | null }>;
  }>;
}
