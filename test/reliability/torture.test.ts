/**
 * `npm run torture` in small: two kills per command (release, branch cut, backport, hotfix, merge-back) of
 * the real built CLI, each checked for fsck, refs all before or all after, an untouched work tree
 * and a complete recovery. The CI-size and 1,000-kill figures are in docs/reliability.md.
 */
import { describe, expect, it } from 'vitest';
import { table, torture } from '../../bench/torture.js';

describe('npm run torture (a handful of kills per command)', () => {
  it('finds no violation', async () => {
    const figures = await torture({
      runs: 2,
      commands: ['backport', 'release', 'cut', 'hotfix', 'merge-back'],
      seed: 7,
      jobs: 2,
      json: false,
      quiet: true,
    });
    const failures = figures.flatMap((f) => f.failures.map((x) => `${f.command}: ${x.detail} (${JSON.stringify(x.kill)})`));
    expect(failures, table(figures)).toEqual([]);
    expect(figures.map((f) => f.runs)).toEqual([2, 2, 2, 2, 2]);
  }, 120_000);
});
