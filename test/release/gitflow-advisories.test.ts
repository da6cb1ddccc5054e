/**
 * A VMPilot-style git-flow release lists the advisory ids of its fixes as the trunk changelog does:
 * a commit a disclosed advisory record names as its fix goes under Security with its CVE id in
 * the draft notes and (with `release.tagMessage: changes`) in the tag message; an embargoed
 * advisory's id stays out.
 */
import { describe, expect, it } from 'vitest';
import { openRepo, withPolicy } from '../../src/app/context.js';
import { gitflowRelease } from '../../src/app/gitflow-release.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const NOW = '2025-02-01T12:00:00Z';

/** main with v1.0.0, dev ahead with a feature and a plain "fix:" commit; the policy's tag message lists the changes. */
async function vmpilot(): Promise<{ r: FixtureRepo; fix: string; other: string }> {
  const r = await makeRepo();
  const init = await trellis(['init', '--preset', 'vmpilot', '--repo', r.dir], { env: r.env });
  expect(init.code, init.stderr).toBe(0);
  const text = (await r.read('.trellis.yml')).toString('utf8').replace('tagMessage: plain', 'tagMessage: changes');
  expect(text).toContain('tagMessage: changes');
  await r.commit('chore: add trellis policy', { files: { '.trellis.yml': text, 'app.txt': 'one\n' } });
  await r.tag('v1.0.0', { message: 'Release 1.0.0' });
  await r.branch('dev');
  await r.checkout('dev');
  await r.commit('feat: VM snapshots', { files: { 'snap.txt': 'snapshots\n' } });
  const fix = await r.commit('fix: check the console password', { files: { 'console.txt': 'checked\n' } });
  const other = await r.commit('fix: quote VM names', { files: { 'names.txt': 'quoted\n' } });
  return { r, fix, other };
}

async function add(r: FixtureRepo, ...args: string[]): Promise<void> {
  const out = await trellis(['advisory', 'add', ...args, '--repo', r.dir], { env: r.env, now: NOW });
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
}

describe('git-flow release notes and advisories', () => {
  it('list the CVE id of a disclosed advisory under Security, never an embargoed one', async () => {
    const { r, fix, other } = await vmpilot();
    await add(r, 'CVE-2025-1111', '--severity', 'high', '--fix', fix, '--reported', '2025-01-20');
    await add(r, 'CVE-2025-2222', '--severity', 'high', '--fix', other, '--reported', '2025-01-20', '--embargo-until', '2025-03-01');
    await r.commit('chore: record advisories', {});
    const ctx = withPolicy(
      await openRepo({ cwd: r.dir, env: r.env, clock: { now: () => new Date(NOW) } }, r.dir),
      loadPolicy((await r.read('.trellis.yml')).toString('utf8')),
    );
    const rep = await gitflowRelease(ctx, { dryRun: true });
    const notes = rep.plan.notes?.text ?? '';
    expect(notes).toMatch(/### Security\n\n- check the console password \(CVE-2025-1111\)/);
    expect(rep.plan.tagMessage).toContain('CVE-2025-1111');
    for (const text of [notes, rep.plan.tagMessage]) {
      expect(text).toContain('quote VM names');
      expect(text).not.toContain('CVE-2025-2222');
    }
  });
});
