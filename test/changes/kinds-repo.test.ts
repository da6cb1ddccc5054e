/**
 * Change kinds on a real repository without conventional commits (the Lightspeed-style history
 * the issue describes): maintenance commits read as `other`, security fixes are found by the ids
 * their messages name, the policy's rules decide before the built-in ones, and `trellis missing`
 * and `backport --auto` give every commit the same kind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backport, type BackportRequest } from '../../src/app/backport.js';
import { openApp, withPolicy, type AppContext } from '../../src/app/context.js';
import { explainChange } from '../../src/app/explain-change.js';
import { missing } from '../../src/app/missing.js';
import type { ChangeCoverage } from '../../src/core/coverage/index.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { coverageLines, presenceOn, runCoverage } from '../../src/facts/coverage/index.js';
import { trellis } from '../helpers/cli.js';
import { plainHistory, type PlainHistory } from '../helpers/plain-history.js';

const NOW = '2026-01-15T12:00:00Z';
const POLICY = `branches:
  main: main
  release: "release-{major}.{minor}"
support:
  lines:
    "0.9": { support: security }
    "1.0": { support: full }
`;
/** A security path, and a policy rule that overrides the built-in "typo" rule. */
const RULES = `${POLICY}changes:
  rules:
    - kind: security
      anyPaths: [src/crypto/]
    - kind: bugfix
      subject: "typo in the error message"
`;

type History = PlainHistory;

/** Lines 0.9 and 1.0, then main without conventional commits (test/helpers/plain-history.ts). */
function history(): Promise<History> {
  return plainHistory({ linesBefore: ['0.9'], linesAfter: ['1.0'], ghsa: 'GHSA-9wx4-h78v-vm56' });
}

const AUTO: Omit<BackportRequest, 'revisions'> = {
  to: [],
  auto: true,
  kind: null,
  introduced: null,
  keepGoing: false,
  mainline: null,
  forceEol: false,
  reason: null,
  dryRun: true,
};

async function kindsOfMissing(ctx: AppContext): Promise<Map<string, ChangeCoverage>> {
  const res = await missing(ctx, { cache: false });
  return new Map([...(res.report?.changes ?? [])].map((c) => [c.commit, c]));
}

describe('change kinds on a history without conventional commits', () => {
  let h: History;
  let ctx: AppContext;
  beforeAll(async () => {
    h = await history();
    await h.r.write('.trellis.yml', POLICY); // untracked: read from the work tree
    ctx = await openApp({ cwd: h.r.dir, env: h.r.env, clock: { now: () => new Date(NOW) } });
  }, 60_000);

  it('built-in rules: lint, typo, tests, CI, version bumps and docs-only changes are other; ids anywhere make security fixes', async () => {
    const rows = await kindsOfMissing(ctx);
    const kind = (name: string) => rows.get(h.c[name] as string)?.kind;
    for (const name of ['lint', 'typo', 'tests', 'ci', 'bump', 'docs', 'crypto', 'message'])
      expect([name, kind(name)]).toEqual([name, 'other']);
    expect(kind('bug')).toBe('bugfix');
    expect(kind('cve')).toBe('security');
    expect(kind('ghsa')).toBe('security');
    expect(kind('words')).toBe('security');
    // Other changes need nothing; the security fixes are missing on the security-only line.
    expect(rows.get(h.c.typo as string)?.states['1.0']?.state).toBe('not-needed');
    expect(rows.get(h.c.bug as string)?.states['1.0']?.state).toBe('missing');
    expect(rows.get(h.c.bug as string)?.states['0.9']?.state).toBe('not-needed');
    expect(rows.get(h.c.cve as string)?.states['0.9']?.state).toBe('missing');
  });

  it('the exit code fires for a security fix the CLI finds only by the CVE named in its body', async () => {
    const res = await trellis(['missing', '--kind', 'security', '--no-cache'], { cwd: h.r.dir, env: h.r.env, now: NOW });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('Harden request parsing');
    expect(res.stdout).not.toContain('Fixed typo');
  });

  it('the policy rules decide first: a path rule makes a security fix, a subject rule overrides the built-in typo rule', async () => {
    const ruled = withPolicy(ctx, loadPolicy(RULES));
    const rows = await kindsOfMissing(ruled);
    expect(rows.get(h.c.crypto as string)?.kind).toBe('security');
    expect(rows.get(h.c.message as string)?.kind).toBe('bugfix');
    expect(rows.get(h.c.typo as string)?.kind).toBe('other');
    const off = withPolicy(ctx, loadPolicy(`${POLICY}changes:\n  defaults: false\n`));
    const plain = await kindsOfMissing(off);
    expect(plain.get(h.c.typo as string)?.kind).toBe('bugfix');
    expect(plain.get(h.c.docs as string)?.kind).toBe('bugfix');
    expect(plain.get(h.c.words as string)?.kind).toBe('bugfix');
    // Ids are not a built-in rule: they still make security fixes.
    expect(plain.get(h.c.ghsa as string)?.kind).toBe('security');
  });

  it('missing and backport --auto agree on every commit, with and without policy rules', async () => {
    for (const policy of [POLICY, RULES]) {
      const c = withPolicy(ctx, loadPolicy(policy));
      const rows = await kindsOfMissing(c);
      for (const [name, sha] of Object.entries(h.c)) {
        const rep = await backport(c, { ...AUTO, revisions: [sha] });
        expect([name, rep.kind]).toEqual([name, rows.get(sha)?.kind]);
      }
    }
  });

  it('backport --auto sends a docs-only "fix" nowhere and a GHSA fix to the security line', async () => {
    const docs = await backport(ctx, { ...AUTO, revisions: [h.c.docs as string] });
    expect(docs.kind).toBe('other');
    expect(docs.plan).toBeNull();
    const ghsa = await backport(ctx, { ...AUTO, revisions: [h.c.ghsa as string] });
    expect(ghsa.plan?.targets.map((t) => t.target.name)).toEqual(['1.0', '0.9']);
  });

  it('the kinds a rule on paths decides are the same when the paths are read ahead, and are cached with the rules in the key', async () => {
    const policy = loadPolicy(RULES);
    const { columns } = await coverageLines(ctx.git, policy, '2026-01-15', []);
    const kinds = async (opts: { readAheadMin?: number; cache?: boolean }, p = policy) => {
      const run = await runCoverage(ctx.git, { policy: p, lines: columns, ...opts });
      return new Map(run.report.changes.map((c) => [c.commit, c.kind]));
    };
    const after = await kinds({ cache: false });
    expect(await kinds({ cache: false, readAheadMin: 1 })).toEqual(after);
    // Cold with the cache, warm from it, then other rules: the cached kinds are not reused.
    expect(await kinds({ cache: true })).toEqual(after);
    expect(await kinds({ cache: true })).toEqual(after);
    const plain = await kinds({ cache: true }, loadPolicy(POLICY));
    expect(plain.get(h.c.crypto as string)).toBe('other');
    expect(after.get(h.c.crypto as string)).toBe('security');
  });

  it("backport's presence check reads the commit facts missing cached under the same rules", async () => {
    const policy = loadPolicy(RULES);
    const { columns } = await coverageLines(ctx.git, policy, '2026-01-15', []);
    await runCoverage(ctx.git, { policy, lines: columns, cache: true });
    const q = { commits: [h.c.bug as string], target: await h.r.rev('release-1.0'), source: await h.r.rev('main'), patchIds: false };
    const spawned = async (p: typeof policy): Promise<number> => {
      const before = ctx.git.stats.spawned;
      expect((await presenceOn(ctx.git, p, q)).get(h.c.bug as string)).toBeNull();
      return ctx.git.stats.spawned - before;
    };
    // Other rules are another cache key: the messages are read from git again (one more process).
    expect(await spawned(policy)).toBe((await spawned(loadPolicy(POLICY))) - 1);
  });
});

describe('trellis missing --explain', () => {
  let h: History;
  beforeAll(async () => {
    h = await history();
    await h.r.write('.trellis.yml', RULES);
  }, 60_000);
  const cli = (args: string[]) => trellis(['missing', ...args], { cwd: h.r.dir, env: h.r.env, now: NOW });

  it('says which rule decided, what matched and which rules were tried before', async () => {
    const res = await cli(['--explain', h.c.message as string]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('kind            bugfix\n');
    expect(res.stdout).toContain('decided by      policy rule changes.rules[1]: subject "typo in the error message"\n');
    expect(res.stdout).toContain('rules tried     changes.rules[0] (security; anyPaths: src/crypto/): no changed path matches anyPaths\n');
    expect(res.stdout).toContain('paths           src/errors.py\n');
  });

  it('as JSON: the decision as data, the CVE id found in the body, the built-in rule that made a docs fix other', async () => {
    const cve = JSON.parse((await cli(['--explain', h.c.cve as string, '--json'])).stdout);
    expect(cve).toMatchObject({ commit: h.c.cve, kind: 'security', reason: { signal: 'security-id', matched: ['CVE-2026-31337'] } });
    const docs = JSON.parse((await cli(['--explain', h.c.docs as string, '--json'])).stdout);
    expect(docs).toMatchObject({
      kind: 'other',
      reason: { signal: 'default-rule', rule: 'docs-tests-ci-paths', matched: ['docs/install.md'] },
      paths: ['docs/install.md'],
      conventional: null,
      defaults: true,
    });
    expect(docs.checked.map((c: { rule: string }) => c.rule)).toEqual(['changes.rules[0]', 'changes.rules[1]']);
  });

  it('explains the kind the matrix shows, through the use case too', async () => {
    const ctx = await openApp({ cwd: h.r.dir, env: h.r.env, clock: { now: () => new Date(NOW) } });
    const e = await explainChange(ctx, { commit: h.c.crypto as string });
    expect(e).toMatchObject({
      kind: 'security',
      reason: { signal: 'policy-rule', rule: 'changes.rules[0]', matched: ['src/crypto/keys.py'] },
    });
  });

  it('refuses the matrix flags, an option-like value and an unknown commit (exit 2)', async () => {
    const both = await cli(['--explain', 'HEAD', '--markdown']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("'--explain <sha>' cannot be used with option '--markdown'");
    expect((await cli(['--explain', '--all'])).code).toBe(2);
    const unknown = await cli(['--explain', 'no-such-commit']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no-such-commit');
  });
});
