/**
 * Tarantool (Tarantool "New release policy (RFC)") end to end: series 2's 2.11 released on master,
 * a new release series started (2.11 forked, dummy commit, 3.0.0-entrypoint), 3.0.0-alpha1,
 * -beta1, -rc1 and 3.0.0 as annotated tags listing the changes, a new feature set (3.0 forked,
 * 3.1.0-entrypoint), bugfixes backported to every non-EOL series where the bug is present, 3.1.0
 * ending 3.0's fixes, and the versions of nightly builds (git describe, RPM, Deb, tarball).
 */
import { describe, expect, it } from 'vitest';
import { story } from './story.js';

interface DescribeJson {
  describe: string;
  forms: { rpm: string; deb: string; tarball: string; pep440: string };
}
interface StatusJson {
  lines: Array<{
    line: string;
    branch: string | null;
    status: string;
    firstRelease: string | null;
    endOfBugfix: string | null;
    endOfLife: string | null;
    kind: string;
    maintainable: boolean;
  }>;
}

/** The preset names new branches release/X.Y as tarantool does today; the RFC this story follows names them X.Y. */
function seedVariant(policy: string): string {
  const lines = policy.split('\n');
  const i = lines.indexOf('    - "release/{major}.{minor}"');
  const j = lines.indexOf('    - "{major}.{minor}"');
  expect([i, j]).not.toContain(-1);
  [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  return lines.join('\n');
}

describe('Tarantool-style: series, feature sets, entrypoints and backports', () => {
  it('runs the development flow of the RFC from 2.11 to 3.1', async () => {
    const s = await story('tarantool', {
      branch: 'master',
      day: '2024-01-05',
      edit: seedVariant,
      files: { 'src/box.c': 'int box_init(void)\n{\n\treturn 0;\n}\n' },
    });
    const { r } = s;
    const tagLine = (t: string) => r.git('tag', '-l', '--format=%(objecttype) %(taggerdate:short)', t);
    const tagBody = (t: string) => r.git('tag', '-l', '--format=%(contents)', t);
    const describeOf = async (rev: string) => JSON.parse(await s.ok('2024-12-01', 'version', 'describe', rev, '--json')) as DescribeJson;

    // Series 2 is in early development on master ("the whole series lives in one branch (master)").
    await r.commit('Start the 2.11 feature set', { date: '2024-01-06' });
    await r.tag('2.11.0-entrypoint', { message: '2.11.0-entrypoint', date: '2024-01-06' });
    await r.commit('box: fix crash on schema upgrade', {
      files: { 'src/box.c': 'int box_init(void)\n{\n\treturn schema_upgrade();\n}\n' },
      date: '2024-02-10',
    });

    // "Publish release candidate ... Add annotated tag X.Y.Z-rcN. List changes in the tag message
    // (since the previous tag)."
    expect(await s.ok('2024-02-12', 'release', '--pre', 'rc')).toContain('released 2.11.0-rc1 (line 2.11, branch master, tag 2.11.0-rc1)');
    expect(await tagLine('2.11.0-rc1')).toBe('tag 2024-02-12');
    expect(await tagBody('2.11.0-rc1')).toMatch(
      /^Pre-release 2\.11\.0-rc1\n\nChanges since 2\.11\.0-entrypoint:\n\nFixed:\n- box: fix crash on schema upgrade \([0-9a-f]{7}\)\n/,
    );
    // "Publish release: Add annotated tag X.Y.Z."
    await s.ok('2024-03-01', 'release');
    expect(await tagLine('2.11.0')).toBe('tag 2024-03-01');
    const released211 = await r.rev('master');

    // "Create a new release series: The same as creating the (X+1).0 feature set: Fork master to the
    //  new X.Y branch. Add a dummy commit to master. Set a tag (X+1).0.0-entrypoint."
    expect(await s.ok('2024-03-05', 'branch', 'cut', '--major')).toContain('cut 2.11 for line 2.11 (first version 2.11.0) from master');
    expect(await r.rev('2.11')).toBe(released211);
    expect(await r.rev('master~1')).toBe(released211);
    expect(await r.git('rev-parse', 'master^{tree}')).toBe(await r.git('rev-parse', 'master~1^{tree}'));
    expect(await r.rev('3.0.0-entrypoint^{commit}')).toBe(await r.rev('master'));
    expect(await tagLine('3.0.0-entrypoint')).toBe('tag 2024-03-05');
    // "the new entrypoint tag MUST NOT be reachable from the X.Y branch".
    expect(await r.git('tag', '--merged', '2.11')).toBe('2.11.0\n2.11.0-entrypoint\n2.11.0-rc1');

    // "Publish alpha: When the functionality planned for a release series is not fully implemented.
    //  Add annotated tag X.Y.0-alphaN. List changes in the tag message (since the previous tag)."
    await r.commit('config: introduce the declarative config', { files: { 'src/config.lua': 'return {}\n' }, date: '2024-04-10' });
    await s.ok('2024-04-12', 'release', '--pre', 'alpha');
    expect(await tagBody('3.0.0-alpha1')).toMatch(
      /^Pre-release 3\.0\.0-alpha1\n\nChanges since 3\.0\.0-entrypoint:\n\nChanged:\n- config: introduce the declarative config \([0-9a-f]{7}\)\n/,
    );
    // "Publish beta: When all functionality planned for a release series is implemented."
    const applier = await r.commit('replication: new applier', {
      files: { 'src/applier.c': 'int applier_start(void);\n' },
      date: '2024-05-10',
    });
    await s.ok('2024-05-12', 'release', '--pre', 'beta');
    expect(await tagBody('3.0.0-beta1')).toMatch(/Changes since 3\.0\.0-alpha1:\n\nChanged:\n- replication: new applier \([0-9a-f]{7}\)\n/);
    await r.commit('box: fix memory leak in iterators', { files: { 'src/iter.c': 'free(it);\n' }, date: '2024-06-10' });
    await s.ok('2024-06-12', 'release', '--pre', 'rc');
    expect(await tagBody('3.0.0-rc1')).toMatch(
      /Changes since 3\.0\.0-beta1:\n\nFixed:\n- box: fix memory leak in iterators \([0-9a-f]{7}\)\n/,
    );
    await s.ok('2024-07-01', 'release');
    // Version naming: "-alphaN", "-betaN", "-rcN" before the release.
    const tags300 = await s.tags('3.0.0*');
    expect([...tags300].sort()).toEqual(['3.0.0', '3.0.0-alpha1', '3.0.0-beta1', '3.0.0-entrypoint', '3.0.0-rc1']);
    // Ordered as versions (rc10 after rc2, the entrypoint before everything):
    const order = await s.pipe(
      `${tags300.join('\n')}\n3.0.0-rc10\n3.0.0-rc2\n`,
      '2024-07-01',
      'version',
      'sort',
      '--scheme',
      'semver',
      '--labels',
      'alpha,beta,rc',
    );
    expect(order.stdout).toBe('3.0.0-entrypoint\n3.0.0-alpha1\n3.0.0-beta1\n3.0.0-rc1\n3.0.0-rc2\n3.0.0-rc10\n3.0.0\n');

    // "Create a new feature set: Fork master to the new X.Y branch. Add a dummy commit to master.
    //  Set a tag X.(Y+1).0-entrypoint."
    const released300 = await r.rev('master');
    expect(await s.ok('2024-07-05', 'branch', 'cut')).toContain('cut 3.0 for line 3.0 (first version 3.0.0) from master');
    expect(await r.rev('3.0')).toBe(released300);
    expect(await r.rev('3.1.0-entrypoint^{commit}')).toBe(await r.rev('master'));
    // "It would break git describe and so would make nightly builds numeration horrible."
    expect((await describeOf('master')).describe).toMatch(/^3\.1\.0-entrypoint-0-g[0-9a-f]+$/);
    expect((await describeOf('3.0')).describe).toMatch(/^3\.0\.0-0-g[0-9a-f]+$/);
    expect((await describeOf('2.11')).describe).toMatch(/^2\.11\.0-0-g[0-9a-f]+$/);

    // "Push a bugfix: to master; to X.Y branches for all non-EOL release series (where the bug is present)".
    const everywhere = await r.commit('box: fix crash on empty space', {
      files: { 'src/box.c': 'int box_init(void)\n{\n\treturn schema_upgrade() || 0;\n}\n' },
      date: '2024-07-10',
    });
    const bp1 = await s.ok('2024-07-11', 'backport', everywhere, '--auto', '--direct');
    expect(bp1).toContain('change kind: bugfix');
    expect(await r.git('log', '-1', '--format=%B', '3.0')).toBe(
      `box: fix crash on empty space\n\n(cherry picked from commit ${everywhere})\n`,
    );
    expect(await r.git('log', '-1', '--format=%B', '2.11')).toBe(
      `box: fix crash on empty space\n\n(cherry picked from commit ${everywhere})\n`,
    );
    // A bug brought by the 3.0 applier is not present in series 2: Fixes: says so.
    const only30 = await r.commit(`applier: fix hang on reconnect\n\nFixes: ${applier}\n`, {
      files: { 'src/applier.c': 'int applier_start(void) { return 0; }\n' },
      date: '2024-07-12',
    });
    const tip211 = await r.rev('2.11');
    const bp2 = await s.ok('2024-07-13', 'backport', only30, '--auto', '--direct');
    expect(bp2).toContain('skip line 2.11: does not contain the commit that introduced the bug');
    expect(await r.rev('2.11')).toBe(tip211);
    expect(await r.git('log', '-1', '--format=%s', '3.0')).toBe('applier: fix hang on reconnect');

    // "New releases may be published after a bugfix": annotated tags on the X.Y branches.
    expect(await s.ok('2024-07-20', 'release', '3.0')).toContain('released 3.0.1 (line 3.0, branch 3.0, tag 3.0.1)');
    expect(await r.rev('3.0.1^{commit}')).toBe(await r.rev('3.0'));
    expect(await tagBody('3.0.1')).toMatch(
      /^Release 3\.0\.1\n\nChanges since 3\.0\.0:\n\nFixed:\n- box: fix crash on empty space \([0-9a-f]{7}, backport of [0-9a-f]{7}\)\n- applier: fix hang on reconnect \([0-9a-f]{7}, backport of [0-9a-f]{7}\)\n/,
    );
    expect(await s.ok('2024-07-20', 'release', '2.11')).toContain('tag 2.11.1');

    // Nightly builds: "git describe --always --long" and the RPM / Deb / tarball tables.
    const nightly = await r.commit('sql: new engine', { files: { 'src/sql.c': 'int sql_init(void);\n' }, date: '2024-08-01' });
    await r.checkout('3.0');
    const nightly30 = await r.commit('test: cover the applier', { files: { 'test/applier.test.lua': 'ok()\n' }, date: '2024-08-02' });
    await r.checkout('master');
    const onMaster = await describeOf('master');
    // Three commits since the entrypoint: the two bugfixes and the feature.
    const h = nightly.slice(0, onMaster.describe.replace(/^.*-g/, '').length);
    expect(onMaster).toMatchObject({
      describe: `3.1.0-entrypoint-3-g${h}`,
      forms: { rpm: '3.1.0~~entrypoint.3.dev', deb: '3.1.0~~entrypoint.3.dev', tarball: '3.1.0-entrypoint.3.dev' },
    });
    // Rows "X.Y.Z-N-g<commit id>": RPM "X.Y.Z.N", Deb "X.Y.Z.N.g<commit id>", tarball "X.Y.Z.N".
    const on30 = await describeOf('3.0');
    const h30 = nightly30.slice(0, on30.describe.replace(/^.*-g/, '').length);
    expect(on30).toMatchObject({ describe: `3.0.1-1-g${h30}`, forms: { rpm: '3.0.1.1', deb: `3.0.1.1.g${h30}`, tarball: '3.0.1.1' } });
    // Rows "X.Y.Z-rcN-0-g" -> "X.Y.Z~rcN" (RPM, Deb), "X.Y.Z-rcN" (tarball); "X.Y.Z[-rcN]-N-g" -> "X.Y.Z[~rcN].N.dev".
    const conv = async (to: string, ...d: string[]) =>
      (await s.ok('2024-08-02', 'version', 'convert', '--to', to, ...d)).trim().split('\n');
    expect(await conv('rpm', '3.0.0-rc1-0-gabc1234', '3.0.0-rc1-3-gabc1234', '3.0.0-0-gabc1234')).toEqual([
      '3.0.0~rc1',
      '3.0.0~rc1.3.dev',
      '3.0.0',
    ]);
    expect(await conv('deb', '3.0.0-rc1-0-gabc1234', '3.0.0-rc1-3-gabc1234')).toEqual(['3.0.0~rc1', '3.0.0~rc1.3.dev']);
    expect(await conv('tarball', '3.0.0-rc1-0-gabc1234', '3.0.0-rc1-3-gabc1234')).toEqual(['3.0.0-rc1', '3.0.0-rc1.3.dev']);
    // "separated by the tilde symbol (~) to order X.Y.Z~rc1 before X.Y.Z".
    const rpmOrder = await s.pipe(
      '3.0.0.1\n3.0.0\n3.0.0~rc1.3.dev\n3.0.0~rc1\n3.0.0~~entrypoint.2.dev\n',
      '2024-08-02',
      'version',
      'sort',
      '--scheme',
      'rpm',
    );
    expect(rpmOrder.stdout).toBe('3.0.0~~entrypoint.2.dev\n3.0.0~rc1\n3.0.0~rc1.3.dev\n3.0.0\n3.0.0.1\n');

    // "we stop backporting to the X.Y branch when a first release of the X.(Y+1) branch is published".
    expect(await s.ok('2024-10-01', 'release')).toContain('released 3.1.0 (line 3.1, branch master, tag 3.1.0)');
    // "The latest feature set is 3.1 and it lives in the master branch" until 3.2 is started: one
    // row, on master, supported by the rules like any released line.
    const status = JSON.parse(await s.ok('2024-10-02', 'status', '--json')) as StatusJson;
    expect(status.lines.map((l) => [l.line, l.branch, l.status, l.firstRelease, l.endOfBugfix])).toEqual([
      ['3.1', 'master', 'bugfix', '3.1.0', null],
      ['3.0', '3.0', 'end-of-life', '3.0.0', '2024-09-30'],
      // Goals: "At least two years since a first release" of a series: 2.11 is series 2's newest line.
      ['2.11', '2.11', 'bugfix', '2.11.0', null],
    ]);
    expect(status.lines[0]).toMatchObject({ kind: 'development', maintainable: true });
    // "Push a bugfix: to master": master is 3.1's branch, so the fix ships in 3.1.1.
    const advice = await s.ok('2024-10-03', 'target', '--kind', 'bugfix');
    expect(advice).toContain('merge into: master   ships in 3.1.1');
    expect(advice).toMatch(/then backport \(cherry-pick -x\) to:\n {2}2\.11 {2}2\.11 {2}\[bugfix\]\n/);
    const late = await r.commit('box: fix overflow in tuple compare', {
      files: { 'src/box.c': 'int box_init(void)\n{\n\treturn schema_upgrade() || 1;\n}\n' },
      date: '2024-10-05',
    });
    const tip30 = await r.rev('3.0');
    const bp3 = await s.ok('2024-10-06', 'backport', late, '--auto', '--direct');
    expect(bp3).toContain('skip line 3.1: holds the change already');
    expect(bp3).toMatch(/skip line 3\.0: .*end-of-life/);
    expect(await r.rev('3.0')).toBe(tip30);
    expect(await r.git('log', '-1', '--format=%s', '2.11')).toBe('box: fix overflow in tuple compare');

    // A patch release of the feature set that still lives on master, then "Create a new feature
    // set": 3.1 is forked where 3.1.1 stands and master goes on to 3.2.
    expect(await s.ok('2024-10-07', 'release')).toContain('released 3.1.1 (line 3.1, branch master, tag 3.1.1)');
    expect(await s.ok('2024-10-10', 'branch', 'cut')).toContain('cut 3.1 for line 3.1');
    expect(await r.rev('3.1')).toBe(await r.rev('3.1.1^{commit}'));
    expect(await r.rev('3.2.0-entrypoint^{commit}')).toBe(await r.rev('master'));
    const after = JSON.parse(await s.ok('2024-10-11', 'status', '--json')) as StatusJson;
    expect(after.lines.map((l) => [l.line, l.branch, l.status, l.firstRelease])).toEqual([
      ['3.2', 'master', 'feature', null],
      ['3.1', '3.1', 'bugfix', '3.1.0'],
      ['3.0', '3.0', 'end-of-life', '3.0.0'],
      ['2.11', '2.11', 'bugfix', '2.11.0'],
    ]);
  });
});
