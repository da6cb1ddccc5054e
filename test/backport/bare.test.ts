import { describe, expect, it } from 'vitest';
import { trellis } from '../helpers/cli.js';
import { linesRepo } from './fixture.js';

describe('trellis backport in a bare repository', () => {
  it('needs no work tree at all: picks, lands and names the branch', async () => {
    const { r, fix } = await linesRepo();
    const bare = await r.cloneBare();
    const res = await trellis(['backport', fix, '--to', '1.1', '--to', '1.2', '--direct'], { cwd: bare, env: r.env });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const log = await r.gitWith(['--git-dir', bare, 'log', '-1', '--format=%s', 'release/1.1'], {});
    expect(log).toBe('fix: correct line nine');
  });

  it('--help lists every option', async () => {
    const res = await trellis(['backport', '--help']);
    for (const o of [
      '--to',
      '--auto',
      '--kind',
      '--introduced',
      '--direct',
      '--chain',
      '--mainline',
      '--conflicts',
      '--keep-going',
      '--force-eol',
      '--reason',
      '--dry-run',
      '--json',
      '--continue',
      '--abort',
      '--repo',
    ]) {
      expect(res.stdout).toContain(o);
    }
  });
});
