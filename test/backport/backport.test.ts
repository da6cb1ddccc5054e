import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cherryPickedFrom } from '../../src/git/message.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';
import { snapshotWorkTree as snapshot } from '../helpers/snapshot.js';
import { linesRepo, refs, run } from './fixture.js';

const ref = (r: FixtureRepo, name: string) => r.git('rev-parse', '--verify', '-q', name).catch(() => null);
const b10 = (oid: string) => oid.slice(0, 10);

describe('trellis backport: clean picks', () => {
  it('carries one fix to three lines, one backport branch each, identical to git cherry-pick -x', async () => {
    const { r, fix } = await linesRepo();
    const res = await run(r, [fix, '--to', '1.0', '--to', '1.1', '--to', 'release/1.2']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    for (const line of ['1.0', '1.1', '1.2']) {
      const mine = await ref(r, `backport/${line}/${b10(fix)}`);
      expect(mine).not.toBeNull();
      expect(await r.git('rev-parse', `backport/${line}/${b10(fix)}^`)).toBe(await r.rev(`release/${line}`));
      // the real thing, with the same committer identity and date as the hermetic env
      await r.checkout(`release/${line}`);
      await r.gitWith(['cherry-pick', '-x', fix], {});
      const real = await r.rev('HEAD');
      expect(mine).toBe(real); // same tree, message, author, committer: same object id
      await r.checkout('main');
    }
    const msg = await r.git('log', '-1', '--format=%B', `backport/1.0/${b10(fix)}`);
    expect(msg).toBe(`fix: correct line nine\n\nLonger explanation.\n\n(cherry picked from commit ${fix})\n`);
    expect(await r.git('log', '-1', '--format=%an <%ae>', `backport/1.0/${b10(fix)}`)).toBe('Fay Fixer <fay@example.com>');
    expect(await r.git('show', `backport/1.0/${b10(fix)}:app.txt`)).toContain('fixed');
    expect(await r.git('show', `backport/1.0/${b10(fix)}:app.txt`)).not.toContain('v1.1');
  });

  it('picks several commits in order, each onto the previous result', async () => {
    const { r, fix } = await linesRepo();
    const second = await r.commit('fix: readme wording', { files: { README: 'hello, world\n' } });
    const res = await run(r, [`${fix}^..${second}`, '--to', '1.2', '--json']);
    expect(res.code).toBe(0); // the range holds the conf change too, which is clean on 1.2
    const data = JSON.parse(res.stdout) as { results: Array<{ outcome: string; steps: Array<{ status: string }> }> };
    expect(data.results[0]?.steps.map((s) => s.status)).toEqual(['clean', 'clean', 'clean']);
  });

  it('leaves a dirty work tree, the index and untracked files byte-for-byte as they were', async () => {
    const { r, fix } = await linesRepo();
    await r.write('app.txt', 'uncommitted edit\n');
    await r.write('conf.txt', 'staged edit\n');
    await r.git('add', 'conf.txt');
    await r.write('untracked/new.txt', 'scratch\n');
    const status = await r.git('status', '--porcelain'); // (refreshes the index: before the snapshot)
    const before = await snapshot(r.dir);
    const res = await run(r, [fix, '--to', '1.0', '--to', '1.1']);
    expect(res.code).toBe(0);
    expect(await snapshot(r.dir)).toEqual(before);
    expect(await r.git('status', '--porcelain')).toBe(status);
    expect(status).toBe(' M app.txt\nM  conf.txt\n?? untracked/');
    expect(await r.git('symbolic-ref', 'HEAD')).toBe('refs/heads/main');
  });

  it('--direct advances the line branch itself, expecting its old value', async () => {
    const { r, fix } = await linesRepo();
    const old = await r.rev('release/1.1');
    const res = await run(r, [fix, '--to', '1.1', '--direct']);
    expect(res.code).toBe(0);
    expect(await r.rev('release/1.1^')).toBe(old);
    expect(await ref(r, `backport/1.1/${b10(fix)}`)).toBeNull();
    expect(await r.git('reflog', '-1', '--format=%gs', 'release/1.1')).toContain('trellis backport');
  });

  it('--direct refuses a branch checked out in another worktree, naming it; nothing changes', async () => {
    const { r, fix } = await linesRepo();
    const wt = await r.addWorktree('release/1.1');
    const before = await refs(r);
    const res = await run(r, [fix, '--to', '1.0', '--to', '1.1', '--direct']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`checked out in the worktree at ${wt}`);
    expect(await refs(r)).toBe(before);
  });
});

describe('trellis backport: empty picks are already-present', () => {
  it('names the commit that carries the change: recorded origin, patch-id, or ancestry', async () => {
    const { r, fix } = await linesRepo();
    await r.checkout('release/1.1');
    const carried = await r.cherryPick(fix, { x: true });
    await r.checkout('release/1.2');
    // the same change, made by hand (no -x line): found by patch-id
    await r.write(
      'app.txt',
      (await r.git('show', `${fix}:app.txt`))
        .split('\n')
        .map((l, i) => (i === 3 ? 'line 3' : l))
        .join('\n') + '\n',
    );
    const byHand = await r.commit('fix line nine by hand');
    await r.checkout('main');
    await r.branch('release/2.0', 'main');
    const res = await run(r, [fix, '--to', '1.1', '--to', '1.2', '--to', '2.0', '--json']);
    expect(res.code).toBe(0);
    const data = JSON.parse(res.stdout) as { results: Array<{ outcome: string; steps: Array<Record<string, string>> }> };
    expect(data.results.map((x) => x.outcome)).toEqual(['already-present', 'already-present', 'already-present']);
    expect(data.results[0]?.steps[0]).toMatchObject({ carrier: carried, evidence: 'origin' });
    expect(data.results[1]?.steps[0]).toMatchObject({ carrier: byHand, evidence: 'patch-id' });
    expect(data.results[2]?.steps[0]).toMatchObject({ carrier: fix, evidence: 'ancestor' });
    expect(await ref(r, `backport/1.1/${b10(fix)}`)).toBeNull();
    const text = await run(r, [fix, '--to', '1.1']);
    expect(text.stdout).toContain(`already present in ${b10(carried)}`);
  });
});

describe('trellis backport: conflicts', () => {
  it('fail mode: exit 1 with the path and kind per target, no ref changed', async () => {
    const { r, clash } = await linesRepo();
    const before = await refs(r);
    const res = await run(r, [clash, '--to', '1.0', '--to', '1.1']);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/1\.0 .* conflict\n.*conflict in conf\.txt \(content\)/);
    expect(await refs(r)).toBe(before);
  });

  it('atomic: one conflicting target means no target lands; --keep-going lands the clean ones', async () => {
    const { r, fix, clash } = await linesRepo();
    const before = await refs(r);
    const res = await run(r, [fix, clash, '--to', '1.0', '--to', '1.1', '--to', '1.2']);
    expect(res.code).toBe(1);
    expect(await refs(r)).toBe(before);
    const kg = await run(r, [fix, clash, '--to', '1.0', '--to', '1.1', '--to', '1.2', '--keep-going']);
    expect(kg.code).toBe(1);
    expect(await ref(r, `backport/1.1/${b10(fix)}`)).not.toBeNull();
    expect(await ref(r, `backport/1.2/${b10(fix)}`)).not.toBeNull();
    expect(await ref(r, `backport/1.0/${b10(fix)}`)).toBeNull();
  });

  it('branch mode: a -conflicts branch with markers, --continue refuses until resolved, then lands', async () => {
    const { r, fix, clash } = await linesRepo();
    const res = await run(r, [fix, clash, '--to', '1.0', '--to', '1.1', '--conflicts', 'branch']);
    expect(res.code).toBe(1);
    const cb = `backport/1.0/${b10(fix)}-conflicts`;
    expect(res.stdout).toContain(`git switch ${cb}`);
    expect(res.stdout).toContain('trellis backport --continue');
    expect(await r.git('show', `${cb}:conf.txt`)).toMatch(/<<<<<<< .*\na=old\n=======\na=2\n>>>>>>> /);
    expect(await r.git('log', '-1', '--format=%s', cb)).toMatch(/^DO NOT MERGE/);
    // the clean target waits with the conflicting one (one transaction for the whole run)
    expect(await ref(r, `backport/1.1/${b10(fix)}`)).toBeNull();
    expect(existsSync(join(r.dir, '.git', 'trellis', 'backport.json'))).toBe(true);
    // a new run is refused while this one waits
    expect((await run(r, [fix, '--to', '1.2'])).code).toBe(2);

    let c = await run(r, ['--continue']);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('not resolved yet');

    // resolve in a linked worktree (the state is shared through the common git dir)
    const wt = await r.addWorktree(cb);
    await writeFile(join(wt, 'conf.txt'), '<<<<<<< half done\na=2\n');
    await r.gitWith(['commit', '-qam', 'try'], { cwd: wt });
    c = await run(r, ['--continue'], {}, wt);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('conf.txt:1 (conflict marker)');

    await writeFile(join(wt, 'conf.txt'), 'a=2\n');
    await r.gitWith(['commit', '-qam', 'resolve'], { cwd: wt });
    await r.gitWith(['switch', '-q', '--detach'], { cwd: wt });
    c = await run(r, ['--continue'], {}, wt);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    const done = `backport/1.0/${b10(fix)}`;
    expect(await r.git('show', `${done}:conf.txt`)).toBe('a=2');
    expect(await r.git('log', '-1', '--format=%B', done)).toBe(`fix: conf value\n\n(cherry picked from commit ${clash})\n`);
    expect(await r.git('rev-parse', `${done}~2`)).toBe(await r.rev('release/1.0'));
    expect(await ref(r, cb)).toBeNull();
    expect(await ref(r, `backport/1.1/${b10(fix)}`)).not.toBeNull();
    expect(existsSync(join(r.dir, '.git', 'trellis', 'backport.json'))).toBe(false);
  });

  it('--abort removes the -conflicts branch and the state', async () => {
    const { r, clash } = await linesRepo();
    const before = await refs(r);
    expect((await run(r, [clash, '--to', '1.0', '--conflicts', 'branch'])).code).toBe(1);
    expect(await refs(r)).not.toBe(before);
    const a = await run(r, ['--abort']);
    expect(a.code).toBe(0);
    expect(await refs(r)).toBe(before);
    expect((await run(r, ['--abort'])).code).toBe(2);
    expect((await run(r, ['--continue'])).code).toBe(2);
  });
});

describe('trellis backport: merges, chains, interruptions', () => {
  it('a merge commit needs --mainline; with it the result equals git cherry-pick -x -m 1', async () => {
    const r = await makeRepo();
    await r.commit('init', { files: { 'a.txt': '1\n', 'b.txt': '1\n' } });
    await r.branch('release/1.0');
    await r.branch('topic');
    await r.checkout('topic');
    await r.commit('topic 1', { files: { 't.txt': 't\n' } });
    await r.commit('topic 2', { files: { 'b.txt': '2\n' } });
    await r.checkout('main');
    await r.commit('main moves', { files: { 'a.txt': '2\n' } });
    const merge = await r.merge('topic', { message: 'Merge branch topic' });
    const bad = await run(r, [merge, '--to', '1.0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^trellis: .*is a merge.*--mainline N.*\n$/);
    const ok = await run(r, [merge, '--to', '1.0', '--mainline', '1']);
    expect(ok.code).toBe(0);
    const mine = await r.rev(`backport/1.0/${b10(merge)}`);
    await r.checkout('release/1.0');
    await r.gitWith(['cherry-pick', '-x', '-m', '1', merge], {});
    expect(mine).toBe(await r.rev('HEAD'));
  });

  it('--chain carries newest to oldest line, each from the previous result, recording every origin', async () => {
    const { r, fix } = await linesRepo();
    const res = await run(r, [fix, '--chain', '--to', '1.0', '--to', '1.2', '--to', '1.1', '--json']);
    expect(res.code).toBe(0);
    const data = JSON.parse(res.stdout) as { plan: { targets: Array<{ target: { name: string }; from: number | null }> } };
    expect(data.plan.targets.map((t) => [t.target.name, t.from])).toEqual([
      ['1.2', null],
      ['1.1', 0],
      ['1.0', 1],
    ]);
    const on12 = await r.rev(`backport/1.2/${b10(fix)}`);
    const on11 = await r.rev(`backport/1.1/${b10(fix)}`);
    const msg10 = await r.git('log', '-1', '--format=%B', `backport/1.0/${b10(fix)}`);
    expect(cherryPickedFrom(msg10)).toEqual([fix, on12, on11]);
    expect(cherryPickedFrom(await r.git('log', '-1', '--format=%B', on11))).toEqual([fix, on12]);
  });

  it('a run killed after writing its state and before moving refs: --continue lands it', async () => {
    const { r, fix } = await linesRepo();
    const before = await refs(r);
    const killed = await run(r, [fix, '--to', '1.0', '--to', '1.1'], { TRELLIS_BACKPORT_FAULT: 'after-state' });
    expect(killed.code).toBe(70);
    expect(await refs(r)).toBe(before);
    expect((await run(r, [fix, '--to', '1.2'])).code).toBe(2); // in progress
    const c = await run(r, ['--continue']);
    expect(c.code).toBe(0);
    expect(await ref(r, `backport/1.0/${b10(fix)}`)).not.toBeNull();
    expect(await ref(r, `backport/1.1/${b10(fix)}`)).not.toBeNull();
    expect(existsSync(join(r.dir, '.git', 'trellis', 'backport.json'))).toBe(false);
  });

  it('a run killed midway: --abort leaves no change', async () => {
    const { r, fix, clash } = await linesRepo();
    const before = await refs(r);
    const killed = await run(r, [fix, clash, '--to', '1.0', '--to', '1.1', '--conflicts', 'branch'], {
      TRELLIS_BACKPORT_FAULT: 'after-state',
    });
    expect(killed.code).toBe(70);
    expect((await run(r, ['--abort'])).code).toBe(0);
    expect(await refs(r)).toBe(before);
    expect(existsSync(join(r.dir, '.git', 'trellis', 'backport.json'))).toBe(false);
  });
});

describe('trellis backport: plans and bad input', () => {
  it('--dry-run prints base, commits and predicted outcomes and changes nothing; --json gives the same as data', async () => {
    const { r, fix, clash } = await linesRepo();
    const before = await refs(r);
    const res = await run(r, [fix, clash, '--to', '1.0', '--to', '1.1', '--dry-run']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('plan (dry run, no ref changes): 2 commit(s) to 2 target(s)');
    expect(res.stdout).toContain(`1.0  (release/1.0 at ${b10(await r.rev('release/1.0'))})  conflict`);
    expect(res.stdout).toContain('fix: conf value: conflict in conf.txt (content)');
    expect(res.stdout).toContain(`would write backport/1.1/${b10(fix)}`);
    const j = await run(r, [fix, '--to', '1.0', '--dry-run', '--json']);
    const data = JSON.parse(j.stdout) as {
      dryRun: boolean;
      plan: { targets: Array<{ base: string; resultRef: string }> };
      results: Array<{ outcome: string }>;
    };
    expect(data.dryRun).toBe(true);
    expect(data.plan.targets[0]).toMatchObject({ base: await r.rev('release/1.0'), resultRef: `refs/heads/backport/1.0/${b10(fix)}` });
    expect(data.results[0]?.outcome).toBe('clean');
    expect(await refs(r)).toBe(before);
  });

  it.each([
    [['deadbeef', '--to', '1.0'], /unknown revision 'deadbeef'/],
    [['HEAD', '--to', '9.9'], /unknown line or branch '9\.9'/],
    [['HEAD', '--to=-rf'], /invalid target '-rf'/],
    [['HEAD..HEAD', '--to', '1.0'], /range 'HEAD\.\.HEAD' has no commits/],
    [['--to', '1.0'], /name at least one commit/],
    [['HEAD'], /--to LINE\|BRANCH.*--auto/],
    [['HEAD', '--to', '1.0', '--force-eol'], /--force-eol needs --reason/],
  ])('bad input %j: one line, exit 2, nothing changed', async (args, message) => {
    const { r } = await linesRepo();
    const before = await refs(r);
    const res = await run(r, args);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(await refs(r)).toBe(before);
  });

  it('records an end-of-life override as a trailer', async () => {
    const { r, fix } = await linesRepo();
    const res = await run(r, [fix, '--to', '1.0', '--force-eol', '--reason', 'customer contract X']);
    expect(res.code).toBe(0);
    const msg = await r.git('log', '-1', '--format=%B', `backport/1.0/${b10(fix)}`);
    expect(msg).toBe(
      `fix: correct line nine\n\nLonger explanation.\n\n(cherry picked from commit ${fix})\nBackport-EOL-Reason: customer contract X\n`,
    );
  });
});

describe('trellis backport: a chain that conflicts midway', () => {
  it('blocks the older lines until --continue, which then carries the resolved commit on', async () => {
    const { r } = await linesRepo();
    const notes = (first: string, last: string) => `${first}\nb\nc\nd\n${last}\n`;
    for (const [branch, first] of [
      ['release/1.0', 'a'],
      ['release/1.1', 'a-1.1'],
      ['main', 'a'],
    ] as const) {
      await r.checkout(branch);
      await r.commit(`docs: notes on ${branch}`, { files: { 'notes.txt': notes(first, 'e') } });
    }
    const change = await r.commit('fix: notes', { files: { 'notes.txt': notes('a-main', 'e-main') } });
    const res = await run(r, [change, '--chain', '--to', '1.0', '--to', '1.1', '--conflicts', 'branch', '--json']);
    expect(res.code).toBe(1);
    const rep = JSON.parse(res.stdout) as { results: Array<{ outcome: string }>; waiting: number[] };
    expect(rep.results.map((x) => x.outcome)).toEqual(['conflict', 'blocked']);
    expect(rep.waiting).toEqual([0, 1]);
    const cb = `backport/1.1/${b10(change)}-conflicts`;
    const wt = await r.addWorktree(cb);
    await writeFile(join(wt, 'notes.txt'), notes('a-1.1', 'e-main'));
    await r.gitWith(['commit', '-qam', 'resolve'], { cwd: wt });
    const c = await run(r, ['--continue', '--json']);
    expect(c.code).toBe(0);
    const on11 = await r.rev(`backport/1.1/${b10(change)}`);
    expect(await r.git('show', `${on11}:notes.txt`)).toBe(notes('a-1.1', 'e-main').trimEnd());
    expect(await r.git('show', `backport/1.0/${b10(change)}:notes.txt`)).toBe(notes('a', 'e-main').trimEnd());
    const msg10 = await r.git('log', '-1', '--format=%B', `backport/1.0/${b10(change)}`);
    expect(cherryPickedFrom(msg10)).toEqual([change, on11]);
    expect(await ref(r, cb)).toBeNull();
  });

  it('--direct with --conflicts branch: --continue advances the line branch from its planned tip', async () => {
    const { r, clash } = await linesRepo();
    const old = await r.rev('release/1.0');
    expect((await run(r, [clash, '--to', '1.0', '--direct', '--conflicts', 'branch'])).code).toBe(1);
    expect(await r.rev('release/1.0')).toBe(old);
    const wt = await r.addWorktree(`backport/1.0/${b10(clash)}-conflicts`);
    await writeFile(join(wt, 'conf.txt'), 'a=2\n');
    await r.gitWith(['commit', '-qam', 'resolve'], { cwd: wt });
    expect((await run(r, ['--continue'])).code).toBe(0);
    expect(await r.rev('release/1.0^')).toBe(old);
    expect(await r.git('show', 'release/1.0:conf.txt')).toBe('a=2');
  });
});
