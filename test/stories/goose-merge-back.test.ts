/**
 * Goose-style phases (Goose release cycle, core part): "patches are merged into vx.y-codename
 * first, then frequently merged back into main" — `merge-back` writes that merge, `missing`
 * reports the fixes on the codename branch that main does not have yet, and `backport --auto` of
 * a fix made first on a line proposes carrying it forward.
 */
import { describe, expect, it } from 'vitest';
import { commitOn, story } from './story.js';

interface MissingJson {
  lines: string[];
  changes: Array<{ commit: string; subject?: string; kind: string; states: Record<string, { state: string }> }>;
}

describe('Goose-style: codename branches merged back into main', () => {
  it('merges back, reports fixes not merged back yet, and forward-ports a line-first fix', async () => {
    const s = await story('goose', {
      day: '2025-01-02',
      edit: (p) => p.replace('codenames: {}', 'codenames: { "1.0": nivis, "1.1": histrionicus }'),
      files: { 'src/goose.cpp': 'int main() { return 0; }\n' },
    });
    const { r } = s;
    await r.commit('feat: parquet reader', { files: { 'src/parquet.cpp': 'read();\n' }, date: '2025-01-05' });
    await s.ok('2025-01-10', 'branch', 'cut', '1.0');
    await s.ok('2025-01-15', 'release', '1.0');
    await r.commit('feat: new optimizer rule', { files: { 'src/optimizer.cpp': 'rule();\n' }, date: '2025-01-20' });

    // Mid-cycle: "Bug-fixes for vx.y.<z+n> patch releases are merged into vx.y-codename".
    const fix = await commitOn(r, 'v1.0-nivis', 'fix: wrong result in window functions', { 'src/window.cpp': 'fixed();\n' }, '2025-02-03');
    const missing = async (day: string) => JSON.parse(await s.ok(day, 'missing', '--json')) as MissingJson;
    const before = await missing('2025-02-04');
    const row = before.changes.find((c) => c.commit === fix)!;
    expect(row).toBeDefined();
    expect(row.states.main!.state).toBe('missing');

    // "... then frequently merged back into main, keeping them in sync".
    const out = await s.ok('2025-02-05', 'merge-back', '1.0');
    expect(out).toContain('merged v1.0-nivis (line 1.0) into main: 1 commit(s)');
    expect(await r.git('log', '-1', '--format=%s', 'main')).toBe("Merge branch 'v1.0-nivis' into main");
    expect(await r.git('merge-base', '--is-ancestor', fix, 'main')).toBe('');
    const after = await missing('2025-02-06');
    expect(after.changes.find((c) => c.commit === fix)?.states.main?.state).not.toBe('missing');
    expect(await s.ok('2025-02-06', 'merge-back', '1.0')).toContain('main already has every commit of v1.0-nivis');

    // Pre-release: "the vx.<y+1>-codename branch is created when the phase starts".
    await s.ok('2025-04-20', 'branch', 'cut', '1.1');
    const late = await commitOn(r, 'v1.0-nivis', 'fix: overflow in sum()', { 'src/sum.cpp': 'checked();\n' }, '2025-04-22');
    const rows = await missing('2025-04-23');
    expect(rows.changes.find((c) => c.commit === late)!.states).toMatchObject({ main: { state: 'missing' } });
    expect(rows.changes.find((c) => c.commit === late)!.states).toMatchObject({ '1.1': { state: 'missing' } });
    // backport --auto proposes the same forward-ports: main (which its phase would otherwise skip) and the newer line.
    const plan = await s.ok('2025-04-23', 'backport', late, '--auto', '--dry-run', '--json');
    const targets = (JSON.parse(plan) as { plan: { targets: Array<{ target: { branch: string; reason: string } }> } }).plan.targets.map(
      (t) => t.target,
    );
    expect(targets.map((t) => t.branch)).toEqual(['main', 'v1.1-histrionicus']);
    expect(targets[0]!.reason).toBe('auto: forward-port: fixed on 1.0 first; main does not have it');
    // A fix made on main first is not forward-ported anywhere (main holds it).
    const onMain = await r.commit('fix: typo in the docs', { files: { 'README.md': 'Goose\n' }, date: '2025-04-24' });
    const mainPlan = await s.ok('2025-04-25', 'backport', onMain, '--auto', '--dry-run');
    expect(mainPlan).not.toContain('forward-port');
  });
});
