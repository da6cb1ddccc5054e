import { describe, expect, it } from 'vitest';
import {
  PRESETS,
  PRESET_NAMES,
  checkPolicy,
  checklistItems,
  durationRange,
  findPreset,
  formatDurationRange,
  loadPolicy,
  matchTemplate,
  renderTemplate,
  type Policy,
} from '../../src/core/policy/index.js';

const load = (name: string): Policy => loadPolicy(findPreset(name)!.text, `${name}.yml`);

describe('presets', () => {
  it.each(PRESET_NAMES)('%s loads with zero problems', (name) => {
    const r = checkPolicy(PRESETS[name].text, `${name}.yml`);
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.policy).not.toBeNull();
  });

  it.each(PRESET_NAMES)('%s starts with the schema line and names its process document', (name) => {
    const text = PRESETS[name].text;
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/trellis-release/schema/trellis.schema.json');
    // The process is named by its document's title, never by an internal number.
    expect(text).toContain('# Source: "');
    expect(text).not.toMatch(/seed \d/i);
    // Comments quote the seed: at least a handful of quoted rules.
    expect(text.match(/# .*"[^"]+"/g)!.length).toBeGreaterThan(5);
  });

  it('gitflow is an alias of vmpilot; unknown names are not presets', () => {
    expect(findPreset('gitflow')).toBe(PRESETS.gitflow);
    expect(findPreset('toString')).toBeUndefined();
    expect(findPreset('nope')).toBeUndefined();
  });
});

describe('Lightspeed-style: lightspeed', () => {
  const p = load('lightspeed');
  it('cuts release/X.Y branches as the project does today, and still reads release/X.Y.Z ones into line X.Y', () => {
    const [first, perRelease] = p.branches.release.map((b) => b.template);
    expect(first).toBe('release/{major}.{minor}');
    expect(renderTemplate(first!, { major: 0, minor: 6 })).toBe('release/0.6');
    expect(perRelease).toBe('release/{major}.{minor}.{patch}');
    expect(matchTemplate(perRelease!, 'release/0.6.0')).toEqual({ major: '0', minor: '6', patch: '0' });
    expect(p.versioning.line).toBe('minor');
  });
  it('tags X.Y.Z without v (a v is still read), signed, PEP 440 (0.6.0rc1, 0.4.3.1)', () => {
    expect(p.versioning.scheme).toBe('pep440');
    expect(p.versioning.tag).toEqual(['{version}', 'v{version}']);
    expect(p.versioning.prerelease).toEqual({ labels: ['rc'], format: '{label}{n}' });
    expect(p.release.sign).toBe(true);
  });
  it('has 18-24 month windows, LTS and an explicit supported-versions list', () => {
    expect(p.support.security).toBe('18 months');
    expect(p.support.lts.duration).toBe('24 months');
    expect(Object.keys(p.support.lines)).toEqual(['0.5', '0.6']);
    expect(p.support.lines['0.6']!.support).toBe('full');
  });
  it('backports bug and CVE fixes, not features; records the origin; CVEs in the changelog', () => {
    expect(p.backport.kinds.security).toContain('security');
    expect(p.backport.kinds.bugfix).toContain('bugfix');
    expect(p.backport.kinds.feature).toEqual([]);
    expect(p.backport.origin).toBe('x');
    expect(p.release.changelog).toBe('CHANGELOG.md');
    expect(p.security.sla.critical).toEqual({ triage: '24 hours', fix: '7 days' });
  });
  it('hotfix/x.y.z branches start from main', () => {
    expect(renderTemplate(p.branches.hotfix, { version: '1.2.1' })).toBe('hotfix/1.2.1');
    expect(p.flow.hotfix.from).toBe('main');
  });
});

describe('Llama Stack-style: llama-stack', () => {
  const p = load('llama-stack');
  it('maintains the last 2 minors on release-X.Y.x branches', () => {
    expect(p.support.maintained).toBe(2);
    expect(p.branches.release[0]!.template).toBe('release-{major}.{minor}.x');
    expect(renderTemplate(p.branches.release[0]!.template, { major: 0, minor: 4 })).toBe('release-0.4.x');
  });
  it('writes vX.Y.ZrcN as PEP 440', () => {
    expect(p.versioning.scheme).toBe('pep440');
    expect(p.versioning.prerelease).toEqual({ labels: ['rc'], format: '{label}{n}' });
    const version = `0.4.0${renderTemplate(p.versioning.prerelease.format, { label: 'rc', n: 1 })}`;
    expect(renderTemplate(p.versioning.tag[0]!, { version })).toBe('v0.4.0rc1');
  });
  it('bumps fallback_version in pyproject.toml, the client pin, and .dev0 on main after release (no project paths)', () => {
    const onRelease = p.versionFiles.filter((f) => f.when.includes('release'));
    expect(onRelease.filter((f) => f.key === 'tool.setuptools_scm.fallback_version').map((f) => f.path)).toEqual(['pyproject.toml']);
    expect(onRelease.find((f) => f.kind === 'pin')).toMatchObject({
      path: 'pyproject.toml',
      package: 'llama-stack-client',
      value: '{version}',
    });
    const dev = p.versionFiles.filter((f) => f.when.includes('post-release') && f.branch === 'main');
    expect(dev.map((f) => [f.path, f.value])).toEqual([['pyproject.toml', '{nextDev}']]);
    // Project details (package folders, chat channels) are the project's to add.
    expect(PRESETS['release-branches'].text).not.toMatch(/src\/llama_stack|Discord|#releases|#announcements/);
  });
  it('has per-type checklists with testing windows of 1 week (minor) and 2-3 weeks (major)', () => {
    const c = p.release.checklists;
    expect(formatDurationRange(durationRange(c.minor!.testingWindow!))).toBe('1 week');
    expect(formatDurationRange(durationRange(c.major!.testingWindow!))).toBe('2-3 weeks');
    expect(c.minor!.candidates).toBe(true);
    expect(c.major!.candidates).toBe(true);
    expect(c.patch!.candidates).toBe(false);
    // "Minor release: All of the above, plus" -> the patch items come first.
    const minor = checklistItems(p, 'minor').map((i) => i.text);
    expect(minor[0]).toBe("Open a thread for the release in the project's release channel");
    expect(minor).toContain('Create release-X.Y.x branch off main');
    expect(checklistItems(p, 'major').map((i) => i.text)).toContain('Performance benchmarking');
  });
  it('has the release cadence: major 6-8 months, minor monthly, patch weekly', () => {
    expect(p.cadence).toEqual({ major: '6-8 months', minor: '1 month', patch: '1 week' });
  });
});

describe('VMPilot-style git-flow: vmpilot (git-flow)', () => {
  const p = load('gitflow');
  it('merges dev into main, hotfixes from main back into main and dev', () => {
    expect(p.flow.model).toBe('gitflow');
    expect(p.branches.main).toBe('main');
    expect(p.branches.develop).toBe('dev');
    expect(p.flow.hotfix).toEqual({ from: 'main', mergeInto: ['main', 'develop'] });
  });
  it('prepares a release: clean tree, up to date, tests, draft notes, milestone', () => {
    expect(p.flow.prepare).toEqual({
      cleanTree: true,
      upToDate: true,
      test: ['pytest'],
      notes: 'release-notes/{version}.md',
      milestone: true,
    });
  });
});

describe('Tarantool-style series: tarantool', () => {
  const p = load('tarantool');
  it('orders pre-release labels alpha < beta < rc, numbered as -alphaN', () => {
    expect(p.versioning.prerelease.labels).toEqual(['alpha', 'beta', 'rc']);
    expect(p.versioning.prerelease.format).toBe('-{label}{n}');
    expect(`3.0.0${renderTemplate(p.versioning.prerelease.format, { label: 'rc', n: 10 })}`).toBe('3.0.0-rc10');
  });
  it('tags X.Y.Z without v on release/X.Y branches beside master (X.Y still read); archive/X.Y is end-of-life', () => {
    expect(p.versioning.tag).toEqual(['{version}']);
    expect(p.branches.main).toBe('master');
    expect(p.branches.release[0]).toEqual({ template: 'release/{major}.{minor}', eol: false });
    expect(p.branches.release[1]).toEqual({ template: '{major}.{minor}', eol: false });
    expect(p.branches.release.find((r) => r.eol)?.template).toBe('archive/{major}.{minor}');
  });
  it('reads X.Y.Z-entrypoint tags (a cut sets X.Y.0-entrypoint) and writes annotated tags listing changes', () => {
    expect(p.release.entrypoint).toBe('{major}.{minor}.{patch}-entrypoint');
    expect(renderTemplate(p.release.entrypoint as string, { major: 3, minor: 2, patch: 0 })).toBe('3.2.0-entrypoint');
    expect(matchTemplate(p.release.entrypoint as string, '3.7.2-entrypoint')).toEqual({ major: '3', minor: '7', patch: '2' });
    expect(p.release.tagMessage).toBe('changes');
  });
  it('stops fixes at the next minor, supports a major at least 2 years, bugfixes to every non-EOL series', () => {
    expect(p.support.untilNextMinor).toBe(true);
    expect(p.support.majorMinimum).toBe('2 years');
    expect(p.backport.kinds.bugfix).toEqual(['prerelease', 'full', 'bugfix']);
    expect(p.backport.kinds.feature).toEqual([]);
  });
});

describe('Goose-style phases: goose', () => {
  const p = load('goose');
  it('names branches vX.Y-codename', () => {
    const t = p.branches.release[0]!.template;
    expect(t).toBe('v{major}.{minor}-{codename}');
    expect(matchTemplate(t, 'v1.4-andium')).toEqual({ major: '1', minor: '4', codename: 'andium' });
  });
  it('has three phases deciding merge targets', () => {
    expect(p.phases!.targets).toEqual({
      'mid-cycle': { feature: 'main', bugfix: 'current', security: 'current' },
      'pre-release': { feature: 'next', bugfix: 'current', security: 'current' },
      'feature-freeze': { feature: 'main', bugfix: 'next', security: 'next' },
    });
  });
  it('supports LTS lines 1 year and the latest stable; a minor about every 4 months', () => {
    expect(p.support.lts.duration).toBe('1 year');
    expect(p.support.maintained).toBe(1);
    expect(p.cadence.minor).toBe('4 months');
  });
});
