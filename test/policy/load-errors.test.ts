import { describe, expect, it } from 'vitest';
import { PolicyError, checkPolicy, formatProblem, loadPolicy } from '../../src/core/policy/load.js';

/** Each case: a policy text and the exact problems `trellis policy check` prints for it. */
const CASES: Array<[string, string, string[]]> = [
  ['syntax', 'support:\n  maintained: 2\n bugfix: 1 year\n', ['p.yml:3:1: YAML: All mapping items must start at the same column']],
  ['dupkey', 'support:\n  maintained: 2\n  maintained: 3\n', ['p.yml:3:3: YAML: Map keys must be unique']],
  ['unknownTop', 'suport:\n  maintained: 2\n', ["p.yml:1:1: unknown key 'suport' at the top level (did you mean 'support'?)"]],
  [
    'unknownNested',
    'versioning:\n  scheme: semver\n  prerelase:\n    labels: [rc]\n',
    ["p.yml:3:3: unknown key 'prerelase' in versioning (did you mean 'prerelease'?)"],
  ],
  ['wrongType', 'support:\n  maintained: two\n', ['p.yml:2:15: support.maintained must be a whole number, not the string "two"']],
  ['maintained0', 'support:\n  maintained: 0\n', ['p.yml:2:15: support.maintained must be at least 1, not the number 0']],
  ['wrongList', 'versioning:\n  tag: 3\n', ['p.yml:2:8: versioning.tag must be a string or a list, not the number 3']],
  [
    'releaseObj',
    'branches:\n  release:\n    - "{major}.{minor}"\n    - { template: "archive/{major}.{minor}", eol: "yes" }\n',
    ['p.yml:4:51: branches.release[1].eol must be true or false, not the string "yes"'],
  ],
  [
    'placeholder',
    'versioning:\n  tag: "v{vesion}"\nbranches:\n  release: release/{major}.{minr}\n',
    [
      "p.yml:2:10: unknown placeholder {vesion} in template 'v{vesion}' (did you mean {version}?); known: {version}",
      "p.yml:4:28: unknown placeholder {minr} in template 'release/{major}.{minr}' (did you mean {minor}?); known: {major}, {minor}, {patch}, {line}, {codename}",
    ],
  ],
  [
    'securityShort',
    'support:\n  bugfix: 18 months\n  security: 1 year\n',
    [
      'p.yml:3:13: the security window (1 year) is shorter than the bugfix window (18 months); a line’s end of life cannot come before its end of bug fixes',
    ],
  ],
  [
    'badDate',
    'support:\n  lines:\n    "0.5":\n      eol: 2027-02-30\n',
    ["p.yml:4:12: '2027-02-30' is not a date: February 2027 has 28 days"],
  ],
  [
    'dateOrder',
    'support:\n  lines:\n    "0.5":\n      start: 2026-04-01\n      endOfBugfix: 2027-01-01\n      eol: 2026-12-31\n',
    ['p.yml:6:12: end of life 2026-12-31 is before the end of bug fixes 2027-01-01'],
  ],
  ['numericKey', 'support:\n  lines:\n    1.10:\n      support: bugfix\n', ['p.yml:3:5: key 1.10 is read as 1.1; quote it: "1.10"']],
  [
    'lineShape',
    'support:\n  lines:\n    "1":\n      support: bugfix\n',
    ['p.yml:3:5: \'1\' is not a line: versioning.line is minor, so write X.Y, e.g. "0.5"'],
  ],
  [
    'lineKeyPattern',
    'support:\n  lines:\n    "1.x":\n      support: bugfix\n',
    ['p.yml:3:5: \'1.x\' is not a line (write "X.Y" such as "0.5", or "X" when lines are majors)'],
  ],
  [
    'quoteHint',
    'support:\n  lts:\n    lines: [0.5, "0.6"]\n',
    ['p.yml:3:13: support.lts.lines[0] must be a string, not the number 0.5; quote it: "0.5"'],
  ],
  ['gitflow', 'flow:\n  model: gitflow\n', ['p.yml:2:10: gitflow needs branches.develop (the integration branch, e.g. dev)']],
  [
    'refname',
    'branches:\n  release: "release {major}.{minor}"\n  main: "ma..in"\n',
    [
      "p.yml:2:12: template 'release {major}.{minor}' gives ref names like 'release 1.2', which git rejects: it contains a space",
      "p.yml:3:9: branch name 'ma..in' is not a valid git ref name: it contains '..'",
    ],
  ],
  [
    'noLine',
    'branches:\n  release: "release/{patch}"\n',
    [
      "p.yml:2:12: release branch template 'release/{patch}' does not say which line a branch belongs to: use {line}, or {major} and {minor}",
    ],
  ],
  [
    'backportTpl',
    'branches:\n  backport: "backport/{line}"\n',
    [
      "p.yml:2:13: backport branch template 'backport/{line}' needs {sha} and {line} or {branch}, so that two backports never get the same name",
    ],
  ],
  [
    'enumTypo',
    'release:\n  tagMessage: change\n',
    ['p.yml:2:15: release.tagMessage must be one of changes, plain, not the string "change" (did you mean \'changes\'?)'],
  ],
  [
    'versionFile',
    'versionFiles:\n  - path: pyproject.toml\n    kind: toml\n    pattern: "x"\n  - path: a.py\n    kind: regex\n    pattern: "version = (\\\\d+)\\\\.(\\\\d+)"\n  - path: p.json\n    kind: json\n',
    [
      "p.yml:2:5: a toml version file needs 'key'",
      "p.yml:4:5: 'pattern' does not apply to a toml version file (it uses key)",
      'p.yml:7:14: the pattern needs exactly one capture group (or a group named version) around the version; it has 2',
      "p.yml:8:5: a json version file needs 'key'",
    ],
  ],
  [
    'cycle',
    'release:\n  checklists:\n    minor: { extends: major }\n    major: { extends: minor }\n',
    ['p.yml:4:23: checklists extend each other in a circle: major -> minor -> major'],
  ],
  ['range', 'cadence:\n  major: 8-6 months\n', ["p.yml:2:10: '8-6 months': the range starts after it ends (write '6-8 months')"]],
  [
    'prerelFormat',
    'versioning:\n  prerelease:\n    format: "{label}{n}"\n',
    ["p.yml:3:13: pre-release format '{label}{n}' gives '1.2.3alpha1', which is not a valid semver version"],
  ],
  [
    'pep440Labels',
    'versioning:\n  scheme: pep440\n  prerelease:\n    labels: [alpha, gamma]\n',
    ["p.yml:4:21: 'gamma' is not a PEP 440 pre-release label (use a, b or rc; alpha, beta, c, pre, preview are also read)"],
  ],
  [
    'sla',
    'security:\n  sla:\n    high: { triage: 2 weeks, fix: 7 days }\n',
    ['p.yml:3:35: the fix time (7 days) is shorter than the triage time (2 weeks)'],
  ],
  [
    'phases',
    'phases:\n  schedule:\n    - { phase: pre-release, from: 2026-05-01 }\n    - { phase: feature-freeze, from: 2026-04-01 }\n',
    ['p.yml:4:38: phase dates must increase: 2026-04-01 is not after 2026-05-01'],
  ],
  ['notMap', '- a\n- b\n', ['p.yml:1:1: the top level must be a mapping, not a list']],
  [
    'eolFirst',
    'branches:\n  release:\n    - { template: "archive/{major}.{minor}", eol: true }\n',
    [
      'p.yml:3:7: the first release branch template names new branches, so it cannot be an end-of-life template; list it after the active one',
    ],
  ],
  ['dupList', 'support:\n  lts:\n    lines: ["0.5", "0.5"]\n', ['p.yml:3:20: support.lts.lines lists "0.5" twice']],
  ['required', 'versionFiles:\n  - kind: toml\n    key: project.version\n', ["p.yml:2:5: versionFiles[0] needs the key 'path'"]],
];

describe('checkPolicy reports every problem at file:line:col', () => {
  it.each(CASES)('%s', (_name, text, expected) => {
    const r = checkPolicy(text, 'p.yml');
    expect(r.problems.map(formatProblem)).toEqual(expected);
    expect(r.policy).toBeNull();
  });
});

describe('loadPolicy', () => {
  it('throws a PolicyError (exit 2) whose message is the first problem, with all problems attached', () => {
    const text = 'support:\n  mantained: 2\n  bugfix: 18 monhts\n';
    try {
      loadPolicy(text, '.trellis.yml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      const err = e as PolicyError;
      expect(err.exitCode).toBe(2);
      expect(err.code).toBe('policy');
      expect(err.message).toBe(
        ".trellis.yml:2:3: unknown key 'mantained' in support (did you mean 'maintained'?) (and 1 more; run 'trellis policy check')",
      );
      expect(err.problems.map(formatProblem)).toEqual([
        ".trellis.yml:2:3: unknown key 'mantained' in support (did you mean 'maintained'?)",
        ".trellis.yml:3:11: support.bugfix: '18 monhts' is not a duration (write e.g. '18 months', '1 year', '2 weeks', '24 hours')",
      ]);
      expect(err.problems[1]!.path).toBe('support.bugfix');
    }
  });

  it('lists the allowed keys when no key is close', () => {
    const r = checkPolicy('cadence:\n  fortnightly: 2 weeks\n', 'p.yml');
    expect(r.problems.map(formatProblem)).toEqual([
      "p.yml:2:3: unknown key 'fortnightly' in cadence; expected one of: major, minor, patch",
    ]);
  });

  it('locates a placeholder inside single- and double-quoted and plain templates', () => {
    const at = (text: string) => checkPolicy(text, 'p.yml').problems.map((p) => `${p.line}:${p.col}`);
    // `  hotfix: ` is 10 columns; the quote is column 11.
    expect(at("branches:\n  hotfix: 'hotfix/{versoin}'\n")).toEqual(['2:19']);
    expect(at('branches:\n  hotfix: "hotfix/{versoin}"\n')).toEqual(['2:19']);
    expect(at('branches:\n  hotfix: hotfix/{versoin}\n')).toEqual(['2:18']);
  });

  it('follows YAML aliases to locate problems (both uses point at the anchored value)', () => {
    const text = 'security:\n  sla:\n    critical: &fast { triage: 24 hours, fix: 2 dayz }\n    high: *fast\n';
    expect(checkPolicy(text, 'p.yml').problems.map(formatProblem)).toEqual([
      "p.yml:3:46: security.sla.critical.fix: '2 dayz' is not a duration (write e.g. '18 months', '1 year', '2 weeks', '24 hours')",
      "p.yml:3:46: security.sla.high.fix: '2 dayz' is not a duration (write e.g. '18 months', '1 year', '2 weeks', '24 hours')",
    ]);
  });
});

describe('defaults', () => {
  it('an empty file is a valid policy with every default filled in', () => {
    const p = loadPolicy('', 'p.yml');
    expect(p.versioning).toEqual({
      scheme: 'semver',
      prerelease: { labels: ['alpha', 'beta', 'rc'], format: '-{label}.{n}' },
      tag: ['v{version}'],
      ignoreTags: [],
      line: 'minor',
      zeroMajor: 'minor',
    });
    expect(p.branches).toEqual({
      main: 'main',
      release: [{ template: 'release/{major}.{minor}', eol: false }],
      hotfix: 'hotfix/{version}',
      backport: 'backport/{line}/{sha}',
      codenames: {},
    });
    expect(p.support).toEqual({ untilNextMinor: false, lts: { lines: [] }, lines: {} });
    expect(p.backport).toEqual({
      kinds: { feature: [], bugfix: ['prerelease', 'full', 'bugfix'], security: ['prerelease', 'full', 'bugfix', 'security'] },
      origin: 'x',
      originTrailer: 'Backport-of',
      conflicts: 'fail',
      mode: 'branch',
      chain: false,
      optOutTrailer: 'Backport',
    });
    expect(p.release).toEqual({ sign: false, tagMessage: 'plain', entrypoint: false, changelog: false, postRelease: [], checklists: {} });
    expect(p.flow).toEqual({
      model: 'trunk',
      prepare: { cleanTree: true, upToDate: true, milestone: false },
      hotfix: { from: 'main', mergeInto: ['main'] },
    });
    expect(p.security).toEqual({ sla: {}, advisories: '.trellis/advisories' });
    expect(p.versionFiles).toEqual([]);
    expect(p.phases).toBeUndefined();
  });

  it('pep440 defaults to a/b/rc written without a separator', () => {
    const p = loadPolicy('versioning:\n  scheme: pep440\n');
    expect(p.versioning.prerelease).toEqual({ labels: ['a', 'b', 'rc'], format: '{label}{n}' });
  });

  it('normalises single templates and checklist items to lists of objects', () => {
    const p = loadPolicy(
      [
        'versioning:',
        '  tag: "{version}"',
        'branches:',
        '  release: "{major}.{minor}"',
        'versionFiles:',
        '  - { path: package.json, kind: json, key: version }',
        'release:',
        '  checklists:',
        '    patch:',
        '      items: ["Run CI", { text: "Tag it", check: tag-exists }]',
        '',
      ].join('\n'),
    );
    expect(p.versioning.tag).toEqual(['{version}']);
    expect(p.branches.release).toEqual([{ template: '{major}.{minor}', eol: false }]);
    expect(p.versionFiles).toEqual([
      { path: 'package.json', kind: 'json', key: 'version', value: '{version}', when: ['release'], branch: 'line' },
    ]);
    expect(p.release.checklists.patch).toEqual({
      candidates: false,
      items: [{ text: 'Run CI' }, { text: 'Tag it', check: 'tag-exists' }],
    });
  });
});
