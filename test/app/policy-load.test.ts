/**
 * The checked policy kept in the repository (facts/policy-cache.ts, app/policy-load.ts): a run
 * that finds the check of the very same text uses it, anything else checks again.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/context.js';
import { checkedPolicy } from '../../src/app/policy-load.js';
import { RunSession } from '../../src/app/session.js';
import { checkPolicy } from '../../src/core/policy/load.js';
import { PRESETS } from '../../src/core/policy/presets/index.js';
import { keepPolicyCheck } from '../../src/facts/policy-cache.js';
import { Git } from '../../src/git/index.js';
import { trellis } from '../helpers/cli.js';
import type { FixtureRepo } from '../helpers/repo.js';
import { NOW, POLICY, policyRepo as repo, workspaceIn as workspace } from './fixture.js';

const cacheFile = (r: FixtureRepo): string => join(r.dir, '.git', 'trellis', 'policy');

describe('the checked policy kept in the repository', () => {
  it("a kept check reads back as the check itself (JSON holds every policy: presets and the docs' examples)", () => {
    const texts = Object.values(PRESETS).map((p) => p.text);
    const docs = join(import.meta.dirname, '..', '..', 'docs');
    for (const f of readdirSync(docs).filter((n) => n.endsWith('.md'))) {
      for (const m of readFileSync(join(docs, f), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)) texts.push(m[1]!);
    }
    let kept = 0;
    for (const text of texts) {
      const result = checkPolicy(text, '.trellis.yml');
      if (!result.policy) continue;
      // strict: a key holding undefined, which JSON drops, would fail it
      expect(isDeepStrictEqual(JSON.parse(JSON.stringify(result)), result)).toBe(true);
      kept++;
    }
    expect(kept).toBeGreaterThanOrEqual(10);
  });

  it('a passing check is kept, and the next run uses it instead of checking again', async () => {
    const r = await repo();
    const first = await openApp(workspace(r));
    expect(existsSync(cacheFile(r))).toBe(true);
    expect(first.policy).toEqual(checkPolicy(POLICY, '.trellis.yml').policy);
    // Proof that the kept check is what a run reads: one kept under this text's key, but saying
    // something else, is what the next run gets.
    const git = await Git.open(r.dir, { env: r.env });
    const planted = checkPolicy(POLICY.replace('release/{major}.{minor}', 'stable/{major}.{minor}'), '.trellis.yml');
    const key = readFileSync(cacheFile(r), 'utf8').split('\n')[0]!.split(' ').pop()!;
    await keepPolicyCheck(git.commonDir, key, planted);
    expect((await openApp(workspace(r))).policy.branches.release).toEqual(planted.policy!.branches.release);
  });

  it('another text, or the same text under another name, is checked again', async () => {
    const r = await repo();
    const session = new RunSession();
    const git = await Git.open(r.dir, { env: r.env });
    const a = await checkedPolicy(undefined, git, POLICY, '.trellis.yml');
    const edited = POLICY.replace('"0.1": { support: full }', '"0.1": { support: bugfix }');
    const b = await checkedPolicy(session, git, edited, '.trellis.yml');
    expect(b.policy?.support.lines['0.1']?.support).toBe('bugfix');
    expect(a.policy?.support.lines['0.1']?.support).toBe('full');
    const other = await checkedPolicy(undefined, git, 'versioning: {scheme: nope}\n', 'other.yml');
    expect(other.policy).toBeNull();
    expect(other.problems[0]).toMatchObject({ file: 'other.yml', line: 1 });
  });

  it('a failing policy is never kept: every run locates its problems (exit 2)', async () => {
    const r = await repo('versioning:\n  scheme: nope\n');
    for (let i = 0; i < 2; i++) {
      const res = await trellis(['status'], { cwd: r.dir, env: r.env, now: NOW });
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/\.trellis\.yml:2:\d+/);
    }
    expect(existsSync(cacheFile(r))).toBe(false);
  });

  it('a damaged or foreign file is checked again and rewritten', async () => {
    const r = await repo();
    await openApp(workspace(r));
    const text = readFileSync(cacheFile(r), 'utf8');
    writeFileSync(cacheFile(r), text.replace('"full"', '"security"'));
    expect((await openApp(workspace(r))).policy.support.lines['0.1']?.support).toBe('full');
    expect(readFileSync(cacheFile(r), 'utf8')).toBe(text);
    writeFileSync(cacheFile(r), 'garbage\n');
    expect((await openApp(workspace(r))).policy.support.lines['0.1']?.support).toBe('full');
  });
});
