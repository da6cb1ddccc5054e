import { describe, expect, it } from 'vitest';
import { linesRepo, refs, run } from './fixture.js';
import { skipLines } from '../../src/cli/commands/backport.js';

const POLICY = `support:
  lines:
    "1.0": { support: end-of-life }
    "1.1": { support: security }
    "1.2": { support: full }
`;

async function autoRepo() {
  const l = await linesRepo();
  const { r } = l;
  for (const v of ['1.0', '1.1', '1.2']) await r.tag(`v${v}.0`, { target: `release/${v}`, message: `Release ${v}.0`, date: '2025-05-01' });
  await r.write('.trellis.yml', POLICY); // untracked: the policy is read from the work tree
  /** The commit that introduced the bug: on 1.2 and main, not on 1.1 or 1.0. */
  const introduced = await r.rev('release/1.2');
  return { ...l, introduced };
}

type Report = {
  kind: string;
  plan: { targets: Array<{ target: { name: string; reason: string } }> } | null;
  skipped: Array<{ line: string; reason: string }>;
};
const names = (rep: Report) => rep.plan?.targets.map((t) => t.target.name) ?? [];

describe('trellis backport --auto', () => {
  it('a bug fix without Fixes: goes to the bugfix lines only; security and end-of-life lines are skipped', async () => {
    const { r } = await autoRepo();
    const fix = await r.commit('fix: off by one in the parser', { files: { README: 'changed\n' } });
    const res = await run(r, [fix, '--auto', '--dry-run', '--json']);
    expect(res.stderr).toBe('');
    const rep = JSON.parse(res.stdout) as Report;
    expect(rep.kind).toBe('bugfix');
    expect(names(rep)).toEqual(['1.2']);
    expect(rep.skipped).toContainEqual({ line: '1.1', reason: 'security line takes no bugfix changes' });
    expect(rep.skipped).toContainEqual({ line: '1.0', reason: 'end-of-life' });
  });

  it('a CVE: trailer makes it a security fix: bugfix and security lines, newest first', async () => {
    const { r } = await autoRepo();
    const fix = await r.commit('fix: escape names\n\nCVE: CVE-2026-1234\n', { files: { README: 'changed\n' } });
    const before = await refs(r);
    const res = await run(r, [fix, '--auto']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('change kind: security');
    expect(await refs(r)).not.toBe(before);
    expect(await r.git('for-each-ref', '--format=%(refname:short)', 'refs/heads/backport')).toBe(
      [`backport/1.1/${fix.slice(0, 10)}`, `backport/1.2/${fix.slice(0, 10)}`].join('\n'),
    );
  });

  it('Fixes: <sha> restricts to lines that contain the bug; --introduced does the same from a version', async () => {
    const { r, introduced } = await autoRepo();
    const text = (await r.git('show', 'HEAD:app.txt')).replace('line 8', 'eight') + '\n';
    const fix = await r.commit(`fix: guard the parser\n\nCVE: CVE-2026-9999\nFixes: ${introduced.slice(0, 12)} ("feat: one-two")\n`, {
      files: { 'app.txt': text },
    });
    const rep = JSON.parse((await run(r, [fix, '--auto', '--dry-run', '--json'])).stdout) as Report;
    expect(names(rep)).toEqual(['1.2']);
    expect(rep.skipped).toContainEqual({ line: '1.1', reason: 'does not contain the commit that introduced the bug' });
    const plain = await r.commit('fix: another guard', { files: { README: 'guarded\n' } });
    const viaVersion = JSON.parse(
      (await run(r, [plain, '--auto', '--introduced', '1.1.0', '--kind', 'security', '--dry-run', '--json'])).stdout,
    ) as Report;
    expect(names(viaVersion)).toEqual(['1.2', '1.1']);
  });

  it('end-of-life lines only with --force-eol --reason, recorded as a trailer; --to an EOL line is refused', async () => {
    const { r, fix } = await autoRepo();
    const refused = await run(r, [fix, '--to', '1.0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/end-of-life.*--force-eol --reason/);
    const res = await run(r, [fix, '--auto', '--kind', 'security', '--force-eol', '--reason', 'contract with ACME']);
    expect(res.code).toBe(0);
    const msg = await r.git('log', '-1', '--format=%B', `backport/1.0/${fix.slice(0, 10)}`);
    expect(msg).toMatch(/\(cherry picked from commit [0-9a-f]{40}\)\nBackport-EOL-Reason: contract with ACME\n$/);
  });
});

describe('the skipped lines, as printed', () => {
  it('three or more with one reason share a line, in the order of the first; fewer stay one a line', () => {
    const skipped = [
      { line: '3.9', reason: 'holds the change already' },
      { line: '3.6', reason: 'end-of-life' },
      { line: '0.9', reason: 'security line takes no bugfix changes' },
      { line: '3.5', reason: 'end-of-life' },
      { line: '2.11', reason: 'end-of-life' },
      { line: '0.8', reason: 'security line takes no bugfix changes' },
    ];
    expect(skipLines(skipped)).toEqual([
      'skip line 3.9: holds the change already',
      'skip lines 3.6, 3.5, 2.11: end-of-life',
      'skip line 0.9: security line takes no bugfix changes',
      'skip line 0.8: security line takes no bugfix changes',
    ]);
    expect(skipLines([])).toEqual([]);
  });
});
