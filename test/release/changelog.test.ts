/**
 * `trellis changelog` on real repositories, and the pure pieces behind it and behind release
 * versions (Keep a Changelog grouping, section insertion, tag messages, version choice).
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/core/policy/load.js';
import {
  buildChangelog,
  chooseLineVersion,
  insertChangelogSection,
  renderChangelogMarkdown,
  renderTagMessage,
  type Changelog,
  type ReleaseLineFacts,
} from '../../src/core/release/index.js';
import { repoWith, run } from './fixture.js';

const POLICY = `versioning:
  scheme: semver
  tag: "v{version}"
branches:
  release: "release/{major}.{minor}"
`;

describe('trellis changelog', () => {
  it("lists the line's changes since its last tag: sections, CVE ids, backports once with their origin, released ones left out", async () => {
    const r = await repoWith(POLICY);
    await r.branch('release/1.2');
    const old = await r.commit('fix: old bug', { files: { 'o.txt': '1\n' } });
    const cve = await r.commit('fix: escape output\n\nCVE: CVE-2026-0001\n', { files: { 'e.txt': '1\n' } });
    const feat = await r.commit('feat(api)!: new endpoint', { files: { 'a.txt': '1\n' } });
    await r.checkout('release/1.2');
    await r.cherryPick(old, { x: true });
    await r.tag('v1.2.1', { message: 'Release 1.2.1' });
    // Carried again by mistake after the release: already released, not repeated.
    await r.git('cherry-pick', '-x', '--allow-empty', '--keep-redundant-commits', old).catch(() => undefined);
    const pick = await r.cherryPick(cve, { x: true });
    await r.commit('chore: bump ci', { files: { 'ci.yml': '1\n' } });
    await r.commit('Update README by hand', { files: { README: '1\n' } });

    const res = await run(r, ['changelog', '--line', '1.2', '--json']);
    expect(res.stderr).toBe('');
    const log = JSON.parse(res.stdout) as Changelog;
    expect(log.from).toBe('v1.2.1');
    expect(log.to).toBe('release/1.2');
    expect(log.sections.map((s) => [s.name, s.entries.map((e) => e.subject)])).toEqual([
      ['Changed', ['Update README by hand']],
      ['Security', ['escape output']],
    ]);
    expect(log.sections[1]!.entries[0]).toMatchObject({ commit: pick, origin: cve, cves: ['CVE-2026-0001'], kind: 'security' });
    expect(log.omitted.map((o) => o.reason)).toContain("type 'chore' is not listed");

    const md = await run(r, ['changelog', 'v1.2.1..main', '--markdown']);
    expect(md.code).toBe(0);
    const c = (s: string) => s.slice(0, 7);
    expect(md.stdout).toBe(`## v1.2.1..main

### Added

- **BREAKING:** **api:** new endpoint (${c(feat)})

### Fixed

- old bug (${c(old)})

### Security

- escape output (CVE-2026-0001) (${c(cve)})
`);
    const text = await run(r, ['changelog', 'v1.2.1..release/1.2']);
    expect(text.stdout).toContain(`Security:\n  - escape output (CVE-2026-0001) (${c(pick)}, backport of ${c(cve)})`);
    const bad = await run(r, ['changelog', 'v1.2.1...main']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("trellis: 'v1.2.1...main' is not a range: write FROM..TO\n");
  });
});

const commit = (oid: string, message: string, parents = ['p']) => ({ oid: oid.padEnd(40, '0'), parents, message });

describe('changelog core', () => {
  it('lists a change and its backport in the same range once, as the backport with its origin', () => {
    const a = 'a'.padEnd(40, '0');
    const log = buildChangelog(
      [
        commit('b', `fix: x\n\n(cherry picked from commit ${a})\n`),
        commit('a', 'fix: x'),
        commit('m', 'Merge x', ['1', '2']),
        commit('t', 'chore(release): 1.0.0\n\nTrellis-Step: release 1.0.0\n'),
      ],
      { from: 'v1', to: 'main' },
    );
    expect(log.sections).toHaveLength(1);
    expect(log.sections[0]!.entries).toHaveLength(1);
    expect(log.sections[0]!.entries[0]!.origin).toBe(a);
    expect(log.omitted.map((o) => o.reason).sort()).toEqual([
      'listed as the backport carried from it',
      'merge commit',
      'written by Trellis (release step)',
    ]);
  });

  it('inserts a section before the first released one, keeps CRLF, and is idempotent', () => {
    const log: Changelog = { version: '1.1.0', date: '2026-05-01', from: 'v1.0.0', to: 'main', sections: [], omitted: [] };
    const text = '# Changelog\r\n\r\n## [Unreleased]\r\n\r\n## [1.0.0] - 2026-01-01\r\n\r\n- first\r\n';
    const out = insertChangelogSection(text, log);
    expect(out).toBe(
      '# Changelog\r\n\r\n## [Unreleased]\r\n\r\n## [1.1.0] - 2026-05-01\r\n\r\nNo notable changes.\r\n\r\n## [1.0.0] - 2026-01-01\r\n\r\n- first\r\n',
    );
    expect(insertChangelogSection(out, log)).toBe(out);
    expect(insertChangelogSection(null, log)).toMatch(
      /^# Changelog\n\nAll notable changes[\s\S]*## \[1\.1\.0\] - 2026-05-01\n\nNo notable changes\.\n$/,
    );
    expect(insertChangelogSection('# Log\n', log)).toBe('# Log\n\n## [1.1.0] - 2026-05-01\n\nNo notable changes.\n');
  });

  it('keeps the area of a non-conventional subject (Tarantool-style `box: fix crash ...`) as its scope', () => {
    const log = buildChangelog(
      [
        commit('a', 'box: fix crash in tuple compare'),
        commit('b', 'net.box: fix hang on reconnect'),
        commit('c', 'config: introduce the declarative config'),
        commit('d', 'replication: fix memory leak in the applier'),
        commit('e', 'Update README by hand'),
      ],
      { from: '3.1.0', to: 'master' },
    );
    expect(log.sections.map((s) => [s.name, s.entries.map((e) => [e.type, e.scope, e.subject])])).toEqual([
      [
        'Changed',
        [
          [null, null, 'Update README by hand'],
          [null, 'config', 'introduce the declarative config'],
        ],
      ],
      [
        'Fixed',
        [
          [null, 'replication', 'fix memory leak in the applier'],
          [null, 'net.box', 'fix hang on reconnect'],
          [null, 'box', 'fix crash in tuple compare'],
        ],
      ],
    ]);
    const md = renderChangelogMarkdown(log);
    expect(md).toContain('- **box:** fix crash in tuple compare (a000000)\n');
    expect(md).toContain('- **net.box:** fix hang on reconnect (b000000)\n');
    expect(renderTagMessage('3.1.1', log, 'changes', false)).toContain(
      'Fixed:\n- replication: fix memory leak in the applier (d000000)\n- net.box: fix hang on reconnect (b000000)\n- box: fix crash in tuple compare (a000000)\n',
    );
  });

  it('writes plain and change-listing tag messages', () => {
    const log = buildChangelog([commit('c', 'feat(ui): dark mode'), commit('d', 'fix: crash\n\nCVE: cve-2026-7777\n')], {
      from: '3.1.0-rc1',
      to: '3.1',
    });
    expect(renderTagMessage('3.1.0', log, 'plain', false)).toBe('Release 3.1.0\n');
    expect(renderTagMessage('3.1.0', log, 'changes', false)).toBe(
      'Release 3.1.0\n\nChanges since 3.1.0-rc1:\n\nAdded:\n- ui: dark mode (c000000)\n\nSecurity:\n- crash (CVE-2026-7777) (d000000)\n',
    );
  });
});

describe('version choice', () => {
  const pep = loadPolicy(
    'versioning: { scheme: pep440, prerelease: { labels: [rc], format: "{label}{n}" } }\nbranches: { release: "release-{major}.{minor}.x" }\n',
    'p.yml',
  );
  const sem = loadPolicy('versioning: { scheme: semver, prerelease: { labels: [alpha, beta, rc], format: "-{label}.{n}" } }\n', 's.yml');
  const line = (key: string, tags: string[], patch: number | null = null): ReleaseLineFacts => ({
    key,
    kind: 'release',
    branch: `b-${key}`,
    patch,
    tags: tags.map((v) => ({ tag: `v${v}`, version: v, commit: 'c'.repeat(40) })),
    entrypoint: null,
    status: 'bugfix',
    newest: true,
  });
  const fix = [{ message: 'fix: x' }];
  const feat = [{ message: 'feat: y' }];

  it('bumps inside the line, numbers pre-releases in the policy format, finishes pre-releases', () => {
    expect(chooseLineVersion(pep, line('0.4', ['0.4.4']), {}, fix).version).toBe('0.4.5');
    const inLine = chooseLineVersion(pep, line('0.4', ['0.4.4']), {}, feat);
    expect(inLine.version).toBe('0.4.5');
    expect(inLine.warnings[0]).toContain('call for a minor release');
    expect(chooseLineVersion(pep, line('0.5', []), { pre: 'rc' }, []).version).toBe('0.5.0rc1');
    expect(chooseLineVersion(pep, line('0.5', ['0.5.0rc1']), { pre: 'rc' }, fix).version).toBe('0.5.0rc2');
    expect(chooseLineVersion(pep, line('0.5', ['0.5.0rc1', '0.5.0rc2']), {}, []).version).toBe('0.5.0');
    expect(chooseLineVersion(pep, line('0.4', ['0.4.4']), { pre: 'rc' }, fix).version).toBe('0.4.5rc1');
    expect(chooseLineVersion(sem, line('1.3', ['1.3.0-rc.9']), { pre: 'rc' }, fix).version).toBe('1.3.0-rc.10');
    expect(chooseLineVersion(sem, line('1.3', ['1.3.0-beta.2']), { pre: 'rc' }, []).version).toBe('1.3.0-rc.1');
    expect(chooseLineVersion(sem, line('1.2', ['1.2.0'], 1), {}, fix).version).toBe('1.2.1');
    expect(chooseLineVersion(sem, line('1.2', ['1.2.0']), { version: 'v1.2.7' }, []).version).toBe('1.2.7');
    expect(chooseLineVersion(pep, line('0.4', ['0.4.4']), {}, [])).toMatchObject({ version: '0.4.4', resume: true });
    expect(() => chooseLineVersion(sem, line('1.2', ['1.2.0', '1.2.1'], 1), {}, fix)).toThrow(
      '1.2.1 is already released from b-1.2; cut the next patch branch first (trellis branch cut 1.2)',
    );
  });
});
