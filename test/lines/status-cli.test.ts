/** `trellis status` run in-process on real fixture repositories: every format and the errors. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trellis } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';
import { gooseRepo, llamaStackRepo, type Fixture } from './fixtures.js';

let llama: Fixture;
beforeAll(async () => {
  llama = await llamaStackRepo();
});

const run = (fx: Fixture, args: string[], now = '2025-04-15T09:00:00Z') =>
  trellis(['status', '--repo', fx.repo.dir, ...args], { env: fx.repo.env, now });

describe('trellis status', () => {
  it('prints the table for today from the clock (--wide: every column at full width)', async () => {
    const r = await run(llama, ['--wide']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'Release lines of llama-stack on 2025-04-15',
        '',
        'line       branch         status       LTS  first release       latest release      end of bugfix  end of life  unreleased',
        '---------  -------------  -----------  ---  ------------------  ------------------  -------------  -----------  ----------',
        '0.6 (dev)  main           feature           -                   -                   -              -            -',
        '0.5        release-0.5.x  prerelease        -                   -                   -              -            0',
        '0.4        release-0.4.x  bugfix            0.4.0 (2025-03-10)  0.4.1 (2025-03-20)  -              -            2',
        '0.3        release-0.3.x  bugfix            0.3.0 (2025-02-10)  0.3.0 (2025-02-10)  -              -            1',
        '0.2        release-0.2.x  end-of-life       0.2.0 (2025-01-10)  0.2.1 (2025-01-21)  2025-03-09     2025-03-09   0',
        '0.1        -              end-of-life       0.1.0 (2025-01-02)  0.1.0 (2025-01-02)  2025-02-09     2025-02-09   -',
        '',
        'Notes:',
        '  0.2: also branches release-0.2.1',
        '  0.1: no branch: tags only, so fixes cannot be carried to it (not maintainable)',
        '',
      ].join('\n'),
    );
  });

  it('--json has the documented shape, the contract fields first', async () => {
    const r = await run(llama, ['--json', '--date', '2025-03-09']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { asOf: string; lines: Array<Record<string, unknown>> };
    expect(Object.keys(json)).toEqual(['schemaVersion', 'asOf', 'lines']);
    expect(json.asOf).toBe('2025-03-09');
    expect(Object.keys(json.lines[0]!).slice(0, 11)).toEqual([
      'line',
      'branch',
      'status',
      'lts',
      'firstRelease',
      'firstReleaseDate',
      'latest',
      'latestDate',
      'endOfBugfix',
      'endOfLife',
      'unreleasedCommits',
    ]);
    const l02 = json.lines.find((l) => l.line === '0.2')!;
    expect(l02).toMatchObject({
      line: '0.2',
      branch: 'release-0.2.x',
      status: 'bugfix',
      lts: false,
      firstRelease: '0.2.0',
      firstReleaseDate: '2025-01-10',
      latest: '0.2.1',
      latestDate: '2025-01-21',
      endOfBugfix: '2025-03-09',
      endOfLife: '2025-03-09',
      unreleasedCommits: 0,
      kind: 'release',
      support: 'full',
      maintainable: true,
      prereleases: ['0.2.0rc1'],
    });
  });

  it('--markdown prints a Markdown table with the notes as a list', async () => {
    const r = await run(llama, ['--markdown', '--date', '2025-04-15']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('## Supported versions of llama-stack (as of 2025-04-15)');
    expect(lines[2]).toBe('| line | branch | status | LTS | first release | latest release | end of bugfix | end of life | unreleased |');
    expect(lines).toContain('| 0.4 | release-0.4.x | bugfix |  | 0.4.0 (2025-03-10) | 0.4.1 (2025-03-20) | - | - | 2 |');
    expect(lines).toContain('- 0.1: no branch: tags only, so fixes cannot be carried to it (not maintainable)');
  });

  it('--format endoflife writes release cycles in the endoflife.date shape', async () => {
    const fx = await gooseRepo();
    const r = await run(fx, ['--format', 'endoflife', '--date', '2025-07-10']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        releaseCycle: '1.2',
        releaseDate: '2025-04-15',
        eol: false,
        lts: false,
        // In full support with no end date: true (endoflife.date's meaning), not false.
        support: true,
        extendedSupport: false,
        latest: '1.2.0',
        latestReleaseDate: '2025-04-15',
        link: null,
      },
      {
        releaseCycle: '1.1',
        releaseDate: '2025-01-10',
        eol: '2026-01-10',
        lts: true,
        support: '2026-01-10',
        extendedSupport: false,
        latest: '1.1.2',
        latestReleaseDate: '2025-03-01',
        link: null,
      },
    ]);
  });

  it('--policy reads another file', async () => {
    const policy = join(llama.repo.home, 'other.yml');
    await writeFile(policy, 'branches:\n  release: "release-{major}.{minor}.x"\nsupport:\n  maintained: 1\n');
    const r = await trellis(['status', '--repo', llama.repo.dir, '--policy', policy, '--json', '--date', '2025-04-15'], {
      env: llama.repo.env,
    });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { lines: Array<{ line: string; status: string }> };
    expect(json.lines.find((l) => l.line === '0.3')!.status).toBe('end-of-life');
  });

  it.each([
    [['--date', '2025-13-01'], "trellis: --date: '2025-13-01' is not a date: there is no month 13\n"],
    [['--date', 'tomorrow'], "trellis: --date: 'tomorrow' is not a date (write YYYY-MM-DD, e.g. 2027-03-31)\n"],
    [['--date', '2025-02-30'], "trellis: --date: '2025-02-30' is not a date: February 2025 has 28 days\n"],
    [['--json', '--markdown'], "trellis: choose one output format (got 'json' and 'markdown')\n"],
  ])('rejects %j in one line with exit 2', async (args, message) => {
    const r = await run(llama, args);
    expect(r).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('without a policy file says so in one line and suggests trellis init', async () => {
    const r0 = await makeRepo();
    await r0.commit('init');
    const r = await trellis(['status', '--repo', r0.dir], { env: r0.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `trellis: no policy file: .trellis.yml not found in ${r0.dir}; run 'trellis init' to write one (or pass --policy FILE)\n`,
    );
  });

  it('outside a repository says so in one line', async () => {
    const r0 = await makeRepo();
    const r = await trellis(['status', '--repo', r0.home], { env: { ...r0.env, GIT_CEILING_DIRECTORIES: r0.home } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^trellis: not a git repository.*\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it('reads a bare repository, taking the policy committed on HEAD', async () => {
    const r0 = await makeRepo();
    await r0.commit('feat: a', { files: { '.trellis.yml': 'support:\n  maintained: 1\n' }, date: '2025-01-02' });
    await r0.tag('v1.0.0', { message: 'v1.0.0', date: '2025-01-03' });
    const bare = await r0.cloneBare();
    const r = await trellis(['status', '--repo', bare, '--json', '--date', '2025-02-01'], { env: r0.env });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { lines: Array<{ line: string; status: string; branch: string | null }> };
    // v1.0.0 is tagged on main and 1.0 has no branch of its own: main carries line 1.0.
    expect(json.lines.map((l) => [l.line, l.branch, l.status])).toEqual([['1.0', 'main', 'bugfix']]);
  });
});
