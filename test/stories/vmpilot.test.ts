/**
 * VMPilot (VMPilot Release Process) end to end: git-flow with Trellis only — feature branches
 * merged into dev, the preparation checks of prepare-release.sh (dev branch, clean tree, tests,
 * draft notes), dev merged into main and tagged, then a hotfix from main merged back into main
 * and dev as the next patch release.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { story } from './story.js';

/** The project's tests: fail while app.py says BROKEN. */
const TESTS = "import { readFileSync } from 'node:fs';\nprocess.exit(readFileSync('app.py', 'utf8').includes('BROKEN') ? 1 : 0);\n";

interface GitflowJson {
  checks: Array<{ id: string; status: string }>;
  exitCode: number;
}

describe('VMPilot-style: git-flow releases and hotfixes', () => {
  it('releases dev into main after the checks, then ships a hotfix into main and dev', async () => {
    const s = await story('vmpilot', {
      day: '2026-01-05',
      // The preset: "Set your project's test command (argv)".
      edit: (p) => p.replace('test: [pytest]', 'test: [node, tests/run.mjs]'),
      files: { 'tests/run.mjs': TESTS, 'app.py': 'loop = 1\n' },
    });
    const { r } = s;
    // "dev - Integration branch for development work".
    await r.git('switch', '-q', '-c', 'dev');
    const feature = async (name: string, message: string, files: Record<string, string>, day: string, pr: number) => {
      // "Feature branches - Individual features branched from dev"; "merged into dev via pull requests".
      await r.git('switch', '-q', '-c', `feature/${name}`, 'dev');
      await r.commit(message, { files, date: day });
      await r.git('switch', '-q', 'dev');
      return r.merge(`feature/${name}`, { message: `Merge pull request #${pr} from feature/${name}`, date: day });
    };
    await feature('agent', 'feat: agent loop', { 'agent.py': 'run = True\n' }, '2026-01-06', 1);
    // The first release names its version ("Version numbers are stored in milestone titles").
    expect(await s.ok('2026-01-08', 'release', '--version', '1.0.0')).toContain('released 1.0.0: dev merged into main, tagged v1.0.0');

    await feature('shell-tool', 'feat: shell tool', { 'shell.py': 'tool = "sh"\n' }, '2026-01-10', 12);
    await feature('broken', 'fix: timeout in agent loop', { 'app.py': 'loop = 2  # BROKEN\n' }, '2026-01-12', 13);
    const main1 = await r.rev('main');
    const dev1 = await r.rev('dev');

    // "4. Run tests to ensure everything is working": a failing test stops the release, nothing changed.
    const red = await s.run('2026-01-14', 'release', '--json');
    expect(red.code).toBe(1);
    const redReport = JSON.parse(red.stdout) as GitflowJson;
    expect(redReport.checks.find((c) => c.id === 'tests')?.status).toBe('fail');
    expect([await r.rev('main'), await s.tags()]).toEqual([main1, ['v1.0.0']]);
    expect(existsSync(join(r.dir, 'release-notes/1.1.0.md'))).toBe(false);
    await feature('fix-timeout', 'fix: timeout in agent loop, really', { 'app.py': 'loop = 2\n' }, '2026-01-14', 14);

    // "1. Verify you're on the dev branch with no uncommitted changes".
    await r.write('app.py', 'loop = 3\n');
    const dirty = JSON.parse((await s.run('2026-01-15', 'release', '--json')).stdout) as GitflowJson;
    expect(dirty.checks.find((c) => c.id === 'clean-tree')?.status).toBe('fail');
    await r.git('checkout', '--', 'app.py');
    await r.git('switch', '-q', 'main');
    const offDev = await s.run('2026-01-15', 'release', '--json');
    expect((JSON.parse(offDev.stdout) as GitflowJson).checks.find((c) => c.id === 'develop-branch')?.status).toBe('fail');
    expect(offDev.code).toBe(1);
    await r.git('switch', '-q', 'dev');

    // "5. Generate draft release notes for review" (to the file the release owner names), then
    // the release workflow: "1. Merges dev into main 2. Creates a GitHub release with version tag".
    const out = await s.ok('2026-01-15', 'release', '--notes', 'notes/next.md');
    expect(out).toContain('ok   tests: node tests/run.mjs passed (exit 0)');
    expect(out).toContain('skip milestone:');
    expect(out).toContain('released 1.1.0: dev merged into main, tagged v1.1.0');
    const merge = await r.rev('main');
    expect(await r.git('log', '-1', '--format=%P%n%s', 'main')).toBe(`${main1} ${await r.rev('dev')}\nMerge branch 'dev' into main`);
    expect(await r.rev('v1.1.0^{commit}')).toBe(merge);
    expect(await r.git('tag', '-l', '--format=%(objecttype) %(taggerdate:short) %(contents:subject)', 'v1.1.0')).toBe(
      'tag 2026-01-15 Release 1.1.0',
    );
    const notes = (await r.read('notes/next.md')).toString();
    expect(notes).toContain('## [1.1.0] - 2026-01-15');
    expect(notes).toMatch(/### Added\n\n- shell tool \([0-9a-f]{7}\)\n/);
    expect(notes).toContain('- timeout in agent loop, really');
    // The policy's own draft (release-notes/{version}.md) was not written instead.
    expect(existsSync(join(r.dir, 'release-notes/1.1.0.md'))).toBe(false);
    expect(existsSync(join(r.dir, 'release-notes/1.0.0.md'))).toBe(true);
    expect(dev1).not.toBe(await r.rev('dev'));

    // --notes needs a file.
    expect(await s.run('2026-01-15', 'release', '--notes', '')).toMatchObject({
      code: 2,
      stderr: "trellis: --notes needs a file name, got ''\n",
    });

    // Development continues on dev while main holds 1.1.0.
    await feature('vm-snapshots', 'feat: vm snapshots', { 'snap.py': 'snap = 1\n' }, '2026-01-18', 15);
    const status = await s.ok('2026-01-19', 'status');
    expect(status).toMatch(/1\.2 \(dev\)\s+dev\s+feature/);
    expect(status).toMatch(/1\.1\s+main\s+bugfix\s+1\.1\.0 \(2026-01-15\)/);

    // "Hotfixes: For critical issues that need immediate fixes: 1. Create a hotfix branch from main".
    const advice = await s.ok('2026-01-20', 'target', '--kind', 'bugfix');
    expect(advice).toContain('merge into: hotfix/1.1.1 (create it from main)   ships in 1.1.1');
    expect(advice).toContain('then merge: hotfix/1.1.1 into main and dev');
    expect(await s.ok('2026-01-20', 'hotfix', 'start', '1.1.1')).toContain('created hotfix/1.1.1 at v1.1.0');
    expect(await r.rev('hotfix/1.1.1')).toBe(merge);
    // "2. Fix the issue and test thoroughly".
    await r.git('switch', '-q', 'hotfix/1.1.1');
    const fix = await r.commit('fix: crash on empty config', { files: { 'config.py': 'default = {}\n' }, date: '2026-01-21' });
    // Trellis never moves a checked-out branch: leave the branches before finishing.
    await r.git('switch', '-q', '--detach');
    const devBefore = await r.rev('dev');
    // "3. Create a PR to merge back to both main and dev 4. Create a new patch version release".
    expect(await s.ok('2026-01-22', 'hotfix', 'finish')).toContain('hotfix 1.1.1');
    expect(await s.branches()).toEqual([
      'dev',
      'feature/agent',
      'feature/broken',
      'feature/fix-timeout',
      'feature/shell-tool',
      'feature/vm-snapshots',
      'main',
    ]);
    expect(await r.git('log', '-1', '--format=%P%n%s', 'main')).toBe(`${merge} ${fix}\nMerge branch 'hotfix/1.1.1' into main`);
    expect(await r.git('log', '-1', '--format=%P%n%s', 'dev')).toBe(`${devBefore} ${fix}\nMerge branch 'hotfix/1.1.1' into dev`);
    expect(await r.rev('v1.1.1^{commit}')).toBe(await r.rev('main'));
    expect(await s.tags()).toEqual(['v1.0.0', 'v1.1.0', 'v1.1.1']);
    // The fix is on dev too, so the next release keeps it; dev's own work is not on main.
    expect(await s.show('dev', 'config.py')).toBe('default = {}\n');
    expect(await r.git('ls-tree', '--name-only', 'main', 'snap.py')).toBe('');
    await r.git('switch', '-q', 'dev');

    const checklist = await s.ok('2026-01-22', 'checklist', '1.1.1');
    expect(checklist).toContain('Release 1.1.1 checklist (patch release, after 1.1.0)');
    expect(checklist).toContain('[x] Merge dev into main and tag the release\n    tag-exists: tag v1.1.1 exists');
    // Line 1.1 lives on main: its notes file there is looked for once.
    expect(checklist).toContain(
      'notes-written: no notes file yet (release-notes/1.1.1.md in work tree, release-notes/1.1.1.md in main, release-notes/1.1.1.md in dev)\n',
    );

    // The next release: dev (with the hotfix merged in) into main again.
    expect(await s.ok('2026-02-01', 'release')).toContain('released 1.2.0: dev merged into main, tagged v1.2.0');
    expect(await s.show('main', 'snap.py')).toBe('snap = 1\n');
    expect(await s.show('main', 'config.py')).toBe('default = {}\n');
  });
});
