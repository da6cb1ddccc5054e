/**
 * Advisories where lines are shown: `backport --auto` treats a commit an advisory names as its
 * fix as a security fix (through the one classifier), and the changelog and release notes list
 * the advisory's CVE and GHSA ids for the fix — and its backport — once it is disclosed.
 */
import { describe, expect, it } from 'vitest';
import { advisoryRepo } from './fixture.js';

describe('advisories in backport --auto and the changelog', () => {
  it('classifies a recorded fix as security and lists its ids once disclosed', async () => {
    const a = await advisoryRepo();
    const { s, r } = { s: a.s, r: a.s.r };
    // The message says nothing of security: only the record does.
    const fix = await r.commit('fix: tighten token parsing', { files: { 'cache.py': 'cache = {}\nstrict = True\n' }, date: '2026-02-02' });
    const before = (await s.run('2026-02-02', 'backport', fix, '--auto', '--dry-run')).stdout;
    expect(before).toContain('change kind: bugfix');
    await a.add('2026-02-02', 'PROJ-2026-1', { alias: 'CVE-2026-5000', severity: 'high', fix, 'embargo-until': '2026-02-10' });
    await r.commit('security: record PROJ-2026-1', { date: '2026-02-02' });
    // (0.3 lacks cache.py: the dry run reports a conflict there, exit 1.)
    const after = (await s.run('2026-02-03', 'backport', fix, '--auto', '--dry-run')).stdout;
    expect(after).toContain('change kind: security');

    // The backport to 0.6 carries the fix: the changelog of 0.6 names the CVE once disclosed.
    await s.ok('2026-02-03', 'backport', fix, '--to', '0.6', '--direct');
    const embargoed = await s.ok('2026-02-05', 'changelog', '--line', '0.6', '--markdown');
    expect(embargoed).toContain('tighten token parsing');
    expect(embargoed).not.toContain('CVE-2026-5000');
    const disclosed = await s.ok('2026-02-10', 'changelog', '--line', '0.6', '--markdown');
    expect(disclosed).toContain('### Security');
    expect(disclosed).toContain('tighten token parsing (CVE-2026-5000)');
  });
});

describe('backport --auto and an advisory with an introducing commit', () => {
  it('leaves out the lines that forked before the vulnerability, as a Fixes: trailer would', async () => {
    const a = await advisoryRepo();
    const { s, r } = { s: a.s, r: a.s.r };
    const fix = await r.commit('fix: bound the cache', { files: { 'cache.py': 'cache = {}\nlimit = 1\n' }, date: '2026-02-02' });
    await a.add('2026-02-02', 'CVE-2026-5100', { severity: 'high', introduced: '0.4.0', fix });
    await r.commit('chore: record the advisory', { date: '2026-02-02' });
    const plan = await s.ok('2026-02-03', 'backport', fix, '--auto', '--dry-run');
    expect(plan).toContain('change kind: security');
    expect(plan).toContain('skip line 0.3: does not contain the commit that introduced the bug');
    expect(plan).toContain('1 commit(s) to 2 target(s)');
  });
});
