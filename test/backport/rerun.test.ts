/**
 * Running the same backport again: a backport branch that already carries every commit (an
 * earlier run made it, and it is not merged yet) makes the target `pending` — the word `missing`
 * uses for an unmerged backport branch —, moves no ref and exits 0. A branch of that name
 * holding something else is still refused (exit 1).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackportReport } from '../../src/core/backport/index.js';
import { linesRepo, refs, run } from './fixture.js';

const b10 = (oid: string) => oid.slice(0, 10);
const report = (stdout: string) => JSON.parse(stdout) as BackportReport;

describe('trellis backport run again', () => {
  it('reports each target pending on its unmerged backport branch, changes nothing, exits 0', async () => {
    const { r, fix } = await linesRepo();
    expect((await run(r, [fix, '--to', '1.0', '--to', '1.1'])).code).toBe(0);
    const before = await refs(r);
    const res = await run(r, [fix, '--to', '1.0', '--to', '1.1', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(await refs(r)).toBe(before);
    const rep = report(res.stdout);
    expect(rep).toMatchObject({ exitCode: 0, updates: [], landed: [], waiting: [] });
    for (const [i, line] of ['1.0', '1.1'].entries()) {
      const tip = await r.rev(`backport/${line}/${b10(fix)}`);
      expect(rep.results[i]).toEqual({
        outcome: 'pending',
        steps: [{ commit: fix, source: fix, status: 'already-present', carrier: tip, evidence: 'backport-branch' }],
        head: tip,
        reason: `backport/${line}/${b10(fix)} holds this backport already and is not merged into release/${line} yet`,
      });
    }
    const text = await run(r, [fix, '--to', '1.0']);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      [
        `1.0  (release/1.0 at ${b10(await r.rev('release/1.0'))})  pending`,
        `  ${b10(fix)} fix: correct line nine: pending in ${b10(await r.rev(`backport/1.0/${b10(fix)}`))}`,
        `  backport/1.0/${b10(fix)} holds this backport already and is not merged into release/1.0 yet`,
        'nothing to change',
        '',
      ].join('\n'),
    );
  });

  it('stays pending when the line moved on since, and the dry run says the same', async () => {
    const { r, fix } = await linesRepo();
    expect((await run(r, [fix, '--to', '1.1'])).code).toBe(0);
    await r.checkout('release/1.1');
    await r.commit('docs: a note on 1.1', { files: { 'notes.txt': 'note\n' } });
    await r.checkout('main');
    const before = await refs(r);
    for (const extra of [[], ['--dry-run']]) {
      const res = await run(r, [fix, '--to', '1.1', '--json', ...extra]);
      expect(res.code).toBe(0);
      expect(report(res.stdout).results.map((x) => x.outcome)).toEqual(['pending']);
    }
    expect(await refs(r)).toBe(before);
  });

  it('lands the new targets of a wider run beside the pending ones', async () => {
    const { r, fix } = await linesRepo();
    expect((await run(r, [fix, '--to', '1.0'])).code).toBe(0);
    const before = await refs(r);
    const res = await run(r, [fix, '--to', '1.0', '--to', '1.1', '--json']);
    expect(res.code).toBe(0);
    const rep = report(res.stdout);
    expect(rep.results.map((x) => x.outcome)).toEqual(['pending', 'clean']);
    expect(rep.updates.map((u) => u.ref)).toEqual([`refs/heads/backport/1.1/${b10(fix)}`]);
    const added = (await refs(r)).split('\n').filter((l) => !before.split('\n').includes(l));
    expect(added).toEqual([`refs/heads/backport/1.1/${b10(fix)} ${await r.rev(`backport/1.1/${b10(fix)}`)}`]);
  });

  it('refuses a backport branch that holds something else (exit 1), and then lands no other target', async () => {
    const { r, fix, clash } = await linesRepo();
    // a branch of the same name with unrelated work on it
    await r.git('branch', `backport/1.1/${b10(fix)}`, 'release/1.1');
    await r.checkout(`backport/1.1/${b10(fix)}`);
    await r.commit('wip: something else', { files: { 'other.txt': 'x\n' } });
    await r.checkout('main');
    const before = await refs(r);
    const res = await run(r, [fix, '--to', '1.0', '--to', '1.1']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      `branch backport/1.1/${b10(fix)} already exists and holds something else (delete it, or pick a different backport branch template)`,
    );
    expect(await refs(r)).toBe(before);
    // a branch carrying only part of the commits holds something else too
    const { r: r2 } = await linesRepo();
    expect((await run(r2, [fix, '--to', '1.1'])).code).toBe(0);
    const part = await refs(r2);
    const more = await run(r2, [fix, clash, '--to', '1.1']);
    expect(more.code).toBe(1);
    expect(more.stdout).toContain('already exists and holds something else');
    expect(await refs(r2)).toBe(part);
  });

  it('finds a resolved conflict pending after --continue', async () => {
    const { r, fix, clash } = await linesRepo();
    const args = [fix, clash, '--to', '1.0', '--conflicts', 'branch'];
    expect((await run(r, args)).code).toBe(1);
    const cb = `backport/1.0/${b10(fix)}-conflicts`;
    const wt = await r.addWorktree(cb);
    await writeFile(join(wt, 'conf.txt'), 'a=2\n');
    await r.gitWith(['commit', '-qam', 'resolve'], { cwd: wt });
    await r.gitWith(['switch', '-q', '--detach'], { cwd: wt });
    expect((await run(r, ['--continue'], {}, wt)).code).toBe(0);
    const before = await refs(r);
    const res = await run(r, [...args, '--json']);
    expect(res.code).toBe(0);
    expect(report(res.stdout).results.map((x) => x.outcome)).toEqual(['pending']);
    expect(await refs(r)).toBe(before);
  });

  it('a chain run again is pending on every line', async () => {
    const { r, fix } = await linesRepo();
    const args = [fix, '--chain', '--to', '1.0', '--to', '1.1', '--to', '1.2'];
    expect((await run(r, args)).code).toBe(0);
    const before = await refs(r);
    const res = await run(r, [...args, '--json']);
    expect(res.code).toBe(0);
    expect(report(res.stdout).results.map((x) => x.outcome)).toEqual(['pending', 'pending', 'pending']);
    expect(await refs(r)).toBe(before);
  });
});
