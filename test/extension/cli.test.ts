/** `trellis extension` at its edges: a core as a local clone, stable API, bad input, JSON. */
import { rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { story } from '../stories/story.js';

const extensionPolicy =
  (core: string, api = 'unstable') =>
  (p: string) =>
    `${p.replace('codenames: {}', 'codenames: { "1.2": histrionicus }')}
extension:
  api: ${api}
  core: { path: ${core} }
`;

async function writePolicy(dir: string, remote: string): Promise<string> {
  const file = join(dir, '.git', 'remote-policy.yml');
  await writeFile(file, `extension:\n  core: { remote: "${remote}" }\nphases: {}\n`);
  return file;
}

describe('trellis extension', () => {
  it('reads a core from a local clone, and says what is wrong in one line', async () => {
    const core = await story('goose', { day: '2025-01-02', edit: (p) => p.replace('codenames: {}', 'codenames: { "1.2": histrionicus }') });
    await core.ok('2025-01-10', 'branch', 'cut', '1.2');
    await core.ok('2025-01-15', 'release', '1.2');

    // Not an extension: the policy has no `extension` section.
    const plain = await core.run('2025-02-01', 'extension', 'status');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/^trellis: \.trellis\.yml has no 'extension' section/);

    const ext = await story('goose', { day: '2025-01-11', edit: (p) => p });
    const rel = relative(ext.r.dir, core.r.dir);
    await ext.r.commit('declare the extension', {
      files: { '.trellis.yml': extensionPolicy(rel)(await ext.show('HEAD', '.trellis.yml')) },
      date: '2025-01-12',
    });
    const res = await ext.run('2025-02-01', 'extension', 'status', '--json');
    // No pins configured: nothing to mismatch; single-branch, mid-cycle.
    expect(res.code).toBe(0);
    expect(res.stdout.trim().split('\n')).toHaveLength(1); // compact JSON into a pipe
    expect(JSON.parse(res.stdout)).toMatchObject({
      type: 'single-branch',
      core: { phase: 'mid-cycle', current: { line: '1.2', release: 'v1.2.0' } },
      branches: [{ branch: 'main', targets: [{ name: 'v1.2.0' }, { name: 'main' }], pins: [] }],
      exitCode: 0,
    });

    // Single -> two branch without a config file to read: --at is needed.
    const noAt = await ext.run('2025-02-01', 'extension', 'switch', 'two-branch');
    expect(noAt.code).toBe(2);
    expect(noAt.stderr).toContain('extension.config is not set: pass --at REV');
    const bad = await ext.run('2025-02-01', 'extension', 'switch', 'four-branch');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("switch to two-branch or three-branch, got 'four-branch'");
    const dry = JSON.parse(await ext.ok('2025-02-01', 'extension', 'switch', 'two-branch', '--at', 'main', '--dry-run', '--json')) as {
      branch: string;
      created: boolean;
    };
    expect(dry).toMatchObject({ branch: 'v1.2-histrionicus', created: false, dryRun: true });
    expect(await ext.branches()).toEqual(['main']);

    // A stable API extension: "其发布周期可以/应当与 Goose 主发布周期解耦" (its cycle is decoupled).
    await ext.r.commit('stable API now', {
      files: { '.trellis.yml': extensionPolicy(rel, 'stable')(await ext.show('HEAD~1', '.trellis.yml')) },
      date: '2025-02-02',
    });
    const stable = await ext.ok('2025-02-03', 'extension', 'status');
    expect(stable).toContain('stable API extension: its cycle is decoupled from the core');
    const ships = await ext.run('2025-02-03', 'extension', 'ships');
    expect(ships.code).toBe(2);
    expect(ships.stderr).toContain('extension.api is stable');

    // A core path that is not there.
    await ext.r.commit('moved', {
      files: { '.trellis.yml': extensionPolicy('../nowhere')(await ext.show('HEAD~2', '.trellis.yml')) },
      date: '2025-02-04',
    });
    const gone = await ext.run('2025-02-05', 'extension', 'status');
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/^trellis: extension\.core\.path: .*nowhere does not exist\n$/);
  });

  it('fetches a core given as a remote into .git/trellis/core.git on each run, and reads the last copy offline', async () => {
    const core = await story('goose', {
      day: '2025-01-02',
      edit: (p) => p.replace('codenames: {}', 'codenames: { "1.2": histrionicus, "1.3": ossivalis }'),
    });
    await core.ok('2025-01-10', 'branch', 'cut', '1.2');
    await core.ok('2025-01-15', 'release', '1.2');
    const ext = await story('goose', { day: '2025-01-11', edit: (p) => `${p}extension:\n  core: { remote: "${core.r.dir}" }\n` });
    const first = JSON.parse(await ext.ok('2025-02-01', 'extension', 'status', '--json')) as {
      core: { phase: string; phaseSource: string };
    };
    expect(first.core.phase).toBe('mid-cycle');
    expect(first.core.phaseSource).toContain(`core remote ${core.r.dir}`);
    expect(await ext.r.git('-C', '.git/trellis/core.git', 'rev-parse', '--is-bare-repository')).toBe('true');

    // The core cuts 1.3: the next run fetches it ("该阶段开始时会创建 vx.<y+1>-codename 分支").
    await core.ok('2025-04-02', 'branch', 'cut', '1.3');
    const second = JSON.parse(await ext.ok('2025-04-03', 'extension', 'status', '--json')) as { core: { phase: string } };
    expect(second.core.phase).toBe('pre-release');

    // Offline: a warning, and the copy as last fetched.
    await rename(core.r.dir, `${core.r.dir}.away`);
    const offline = await ext.run('2025-04-03', 'extension', 'status', '--json');
    await rename(`${core.r.dir}.away`, core.r.dir);
    expect(offline.code).toBe(0);
    expect(offline.stderr).toMatch(/^trellis: warning: core: could not fetch the core from .*: reading the copy as last fetched\n$/);
    expect(JSON.parse(offline.stdout)).toMatchObject({ core: { phase: 'pre-release' } });

    // Never an option: a URL that starts with '-' is refused by the policy check.
    const bad = await ext.run('2025-04-03', 'extension', 'status', '--policy', await writePolicy(ext.r.dir, '--upload-pack=touch /tmp/x'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('extension.core.remote');
  });

  it('checks the policy: one place for the core, patterns with a capture group, paths in the repository', async () => {
    const ext = await story('goose', { day: '2025-01-11', edit: (p) => p });
    const file = join(ext.r.dir, '.git', 'bad-policy.yml');
    await writeFile(
      file,
      `${await ext.show('HEAD', '.trellis.yml')}extension:\n  core: { submodule: goose, path: ../goose }\n  workflow: { file: ci.yml, pattern: 'v:\\s*\\S+' }\n  config: { file: ../x, pattern: '(' }\n`,
    );
    const res = await ext.run('2025-02-01', 'policy', 'check', file);
    expect(res.code).toBe(2);
    expect(res.stdout + res.stderr).toMatch(/bad-policy\.yml:\d+:\d+: give exactly one of submodule, path and remote/);
    expect(res.stdout + res.stderr).toMatch(/:\d+:\d+: the pattern needs a capture group/);
    expect(res.stdout + res.stderr).toMatch(/:\d+:\d+: its component '\.\.' leaves the repository/);
    expect(res.stdout + res.stderr).toMatch(/:\d+:\d+: not a regular expression: Invalid regular expression: \/\(\/: Unterminated group/);
  });

  it('asks for the submodule to be cloned first', async () => {
    const ext = await story('goose', { day: '2025-01-11', edit: (p) => `${p}extension:\n  core: { submodule: goose }\n` });
    const res = await ext.run('2025-02-01', 'extension', 'status');
    expect(res.code).toBe(2);
    expect(res.stderr).toBe("trellis: the core submodule 'goose' is not cloned: run 'git submodule update --init -- goose'\n");
  });
});
