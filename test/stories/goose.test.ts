/**
 * Goose (Goose release cycle, DuckDB-style) end to end: vX.Y-codename branches, the merge
 * target of a pull request in each of the three phases (mid-cycle, pre-release, feature freeze),
 * a patch release from the codename branch merged back into main, the next minor, and the LTS
 * line supported for one year.
 */
import { describe, expect, it } from 'vitest';
import { commitOn, story } from './story.js';

interface Advice {
  phase: string;
  allowed: boolean;
  branch: string;
  line: string;
  release: string | null;
  reason: string;
  mergeBack: string[];
  create: { from: string } | null;
}
interface StatusJson {
  lines: Array<{
    line: string;
    branch: string | null;
    status: string;
    lts: boolean;
    latest: string | null;
    endOfBugfix: string | null;
    endOfLife: string | null;
  }>;
}

describe('Goose-style: codename branches, phases and LTS', () => {
  it('answers merge targets per phase, patches from the codename branch, keeps the LTS line a year', async () => {
    const s = await story('goose', {
      day: '2025-01-02',
      // The preset: "Codenames of lines, used to name new branches"; "Designate the LTS lines here".
      edit: (p) =>
        p.replace('codenames: {}', 'codenames: { "1.0": nivis, "1.1": histrionicus }').replace('    lines: []', '    lines: ["1.0"]'),
      files: { 'src/goose.cpp': 'int main() { return 0; }\n' },
    });
    const { r } = s;
    const target = async (day: string, kind: string, forVersion?: string) =>
      JSON.parse(await s.ok(day, 'target', '--kind', kind, '--json', ...(forVersion ? ['--for', forVersion] : []))) as Advice;

    await r.commit('feat: parquet reader', { files: { 'src/parquet.cpp': 'read();\n' }, date: '2025-01-05' });
    // "vx.y-codename: the branch that produces vx.y.<n>".
    expect(await s.ok('2025-01-10', 'branch', 'cut', '1.0')).toContain('cut v1.0-nivis for line 1.0 (first version 1.0.0) from main');
    expect(await s.ok('2025-01-15', 'release', '1.0')).toContain('released 1.0.0 (line 1.0, branch v1.0-nivis, tag v1.0.0)');
    // "vx.y.z tag: the Goose stable release tag".
    expect(await r.git('tag', '-l', '--format=%(objecttype) %(contents:subject)', 'v1.0.0')).toBe('tag Release 1.0.0');

    // Phase 1 Mid-cycle: "Bug-fixes for vx.y.<z+n> patch releases are merged into vx.y-codename";
    // "Features and bug-fixes for vx.<y+1>.0 are merged into main".
    const mid = await target('2025-02-01', 'bugfix');
    expect(mid).toMatchObject({ phase: 'mid-cycle', allowed: true, branch: 'v1.0-nivis', release: '1.0.1', mergeBack: ['main'] });
    expect(await target('2025-02-01', 'feature')).toMatchObject({ phase: 'mid-cycle', branch: 'main', release: '1.1.0' });
    expect(await target('2025-02-01', 'bugfix', '1.1.0')).toMatchObject({ branch: 'main', allowed: true });

    // "Patches are merged into vx.y-codename first, then merged back into main frequently".
    await commitOn(r, 'v1.0-nivis', 'fix: wrong result in window functions', { 'src/window.cpp': 'fixed();\n' }, '2025-02-03');
    await r.merge('v1.0-nivis', { message: "Merge branch 'v1.0-nivis'", date: '2025-02-04' });
    await r.commit('feat: new optimizer rule', { files: { 'src/optimizer.cpp': 'rule();\n' }, date: '2025-02-10' });
    const patch = await s.ok('2025-02-12', 'release', '1.0');
    expect(patch).toContain('released 1.0.1 (line 1.0, branch v1.0-nivis, tag v1.0.1)');
    expect(await r.rev('v1.0.1^{commit}')).toBe(await r.rev('v1.0-nivis'));
    // The feature on main is not in the patch release.
    expect(await r.git('ls-tree', '--name-only', 'v1.0.1', 'src/optimizer.cpp')).toBe('');

    // Phase 2 Pre-release: "the vx.<y+1>-codename branch is created when the phase starts".
    expect(await s.ok('2025-04-20', 'branch', 'cut')).toContain('cut v1.1-histrionicus for line 1.1 (first version 1.1.0) from main');
    const pre = await target('2025-04-21', 'bugfix');
    // "Bug-fixes for vx.y.<z+1> patch releases are merged into vx.y-codename".
    expect(pre).toMatchObject({ phase: 'pre-release', branch: 'v1.0-nivis', release: '1.0.2' });
    // "Features and bug-fixes for vx.<y+1>.0 are merged into vx.<y+1>-codename".
    expect(await target('2025-04-21', 'feature')).toMatchObject({ phase: 'pre-release', branch: 'v1.1-histrionicus', release: '1.1.0' });
    expect(await target('2025-04-21', 'bugfix', '1.1.0')).toMatchObject({ branch: 'v1.1-histrionicus', allowed: true });

    // Phase 3 Feature freeze, announced in the policy.
    const policy = await s.show('main', '.trellis.yml');
    await r.commit('chore: feature freeze for 1.1', {
      files: { '.trellis.yml': policy.replace('phases:\n', 'phases:\n  current: feature-freeze\n') },
      date: '2025-05-01',
    });
    // "Bug-fixes for vx.y.<z+1> are no longer allowed, should target vx.<y+1>.0 instead".
    const frozenFix = await target('2025-05-02', 'bugfix', '1.0.2');
    expect(frozenFix).toMatchObject({ phase: 'feature-freeze', allowed: false, branch: 'v1.1-histrionicus', release: '1.1.0' });
    expect(frozenFix.reason).toContain('bug-fixes for 1.0.2 are no longer allowed, should target 1.1.0 instead');
    // "Bug-fixes for vx.<y+1>.0 are merged into vx.<y+1>-codename".
    expect(await target('2025-05-02', 'bugfix')).toMatchObject({ allowed: true, branch: 'v1.1-histrionicus' });
    // "Features for vx.<y+1>.0 are no longer allowed, should target vx.<y+2>.0 instead".
    const frozenFeature = await target('2025-05-02', 'feature', '1.1.0');
    expect(frozenFeature).toMatchObject({ allowed: false, branch: 'main', release: '1.2.0' });
    expect(frozenFeature.reason).toContain('features for 1.1.0 are no longer allowed, should target 1.2.0 instead');

    await commitOn(
      r,
      'v1.1-histrionicus',
      'fix: crash in the new optimizer rule',
      { 'src/optimizer.cpp': 'rule(); check();\n' },
      '2025-05-05',
    );
    expect(await s.ok('2025-05-20', 'release', '1.1')).toContain('tag v1.1.0');
    // Back to mid-cycle after the release: the freeze is lifted.
    await r.commit('chore: 1.1.0 is out, back to mid-cycle', { files: { '.trellis.yml': policy }, date: '2025-05-20' });
    expect(await target('2025-05-21', 'bugfix')).toMatchObject({ phase: 'mid-cycle', branch: 'v1.1-histrionicus', release: '1.1.1' });

    // Overview: "Patch versions are released on demand for: The latest stable version; The current
    // Long Term Support (LTS) version". Terms: "LTS releases will receive 1 year of support".
    const status = JSON.parse(await s.ok('2025-05-21', 'status', '--json')) as StatusJson;
    expect(status.lines.map((l) => [l.line, l.branch, l.status, l.lts, l.latest])).toEqual([
      ['1.2', 'main', 'feature', false, null],
      ['1.1', 'v1.1-histrionicus', 'bugfix', false, '1.1.0'],
      ['1.0', 'v1.0-nivis', 'bugfix', true, '1.0.1'],
    ]);
    expect(status.lines[2]!.endOfLife).toBe('2026-01-15');
    // The LTS line still ships patches after the next minor.
    await commitOn(r, 'v1.0-nivis', 'fix: overflow in sum()', { 'src/sum.cpp': 'checked();\n' }, '2025-06-01');
    expect(await s.ok('2025-06-02', 'release', '1.0')).toContain('tag v1.0.2');
    expect(await s.tags()).toEqual(['v1.0.0', 'v1.0.1', 'v1.0.2', 'v1.1.0']);

    // After the year, the LTS line is end-of-life: no more patch releases.
    const after = (JSON.parse(await s.ok('2026-01-16', 'status', '--json')) as StatusJson).lines.find((l) => l.line === '1.0')!;
    expect(after.status).toBe('end-of-life');
    await commitOn(r, 'v1.0-nivis', 'fix: late fix', { 'src/late.cpp': '1;\n' }, '2026-01-16');
    expect((await s.run('2026-01-17', 'release', '1.0')).stderr).toBe('trellis: line 1.0 is end-of-life; it takes no more releases\n');
  });
});
