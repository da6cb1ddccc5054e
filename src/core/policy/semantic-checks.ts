/** Semantic checks of a policy that passed the schema: templates, dates, and rules that cannot hold together. */
import { valid as pep440Valid } from '@renovatebot/pep440';
import semver from 'semver';
import { refNameProblem } from '../refname.js';
import { repoFilePathProblem } from '../repo-path.js';
import { checkChanges } from './changes-checks.js';
import { checkExtension } from './extension-checks.js';
import { RELEASE_TYPES } from './constants.js';
import { PRERELEASE_DEFAULTS } from './defaults.js';
import { compareDurations, formatDuration, parseDate, parseDuration, parseDurationRange, type Duration } from './duration.js';
import { parseKeyPath } from './key-path.js';
import type { Path, PolicyDocument } from './problems.js';
import type { Policy, ReleaseType } from './schema.js';
import { TemplateError, parseTemplate, templateRefNameProblem, type Template, type TemplateRole } from './template.js';

const PEP440_LABELS = ['a', 'alpha', 'b', 'beta', 'rc', 'c', 'pre', 'preview'];

/** A policy as written, after the schema check and its defaults, before {@link resolve}. */
export interface InputShape {
  project: Policy['project'];
  versioning: {
    scheme: 'semver' | 'pep440';
    prerelease: { labels?: string[]; format?: string };
    tag?: string | string[];
    line: 'minor' | 'major';
    zeroMajor: 'minor' | 'major';
  };
  branches: Omit<Policy['branches'], 'release'> & { release?: string | Array<string | { template: string; eol?: boolean }> };
  support: Policy['support'];
  cadence: Policy['cadence'];
  phases?: Policy['phases'];
  versionFiles: Policy['versionFiles'];
  backport: Policy['backport'];
  changes: Policy['changes'];
  security: Policy['security'];
  release: Omit<Policy['release'], 'checklists'> & {
    checklists: Partial<
      Record<
        ReleaseType,
        Omit<NonNullable<Policy['release']['checklists']['minor']>, 'items'> & { items?: Array<string | { text: string; check?: string }> }
      >
    >;
  };
  flow: Policy['flow'];
  extension?: Policy['extension'];
  extensions?: Policy['extensions'];
}

function checkTemplate(ctx: PolicyDocument, path: Path, text: string, role: TemplateRole, isRef: boolean): Template | null {
  let t: Template;
  try {
    t = parseTemplate(text, role);
  } catch (e) {
    if (e instanceof TemplateError) {
      ctx.at(path, e.message, { offset: e.offset });
      return null;
    }
    throw e;
  }
  if (isRef) {
    const problem = templateRefNameProblem(t);
    if (problem) {
      ctx.at(path, problem);
      return null;
    }
  }
  return t;
}

/** Why a version-file pattern cannot be used: not a regular expression, or not one version group. */
function regexProblem(pattern: string): string | null {
  let probe: RegExpExecArray;
  try {
    new RegExp(pattern, 'gm');
    // An alternative that matches the empty string reveals the pattern's groups.
    probe = new RegExp(`(?:${pattern})|`).exec('') as RegExpExecArray;
  } catch (e) {
    return `not a regular expression: ${(e as Error).message}`;
  }
  if (probe.groups && 'version' in probe.groups) return null;
  if (probe.length - 1 !== 1)
    return `the pattern needs exactly one capture group (or a group named version) around the version; it has ${probe.length - 1}`;
  return null;
}

function checkDate(ctx: PolicyDocument, path: Path, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const d = parseDate(text);
  if (!d.ok) {
    ctx.at(path, d.error);
    return undefined;
  }
  return text;
}

function dur(text: string | undefined): Duration | undefined {
  if (text === undefined) return undefined;
  const d = parseDuration(text);
  return d.ok ? d.value : undefined;
}

/** Checks a line key's shape against `versioning.line` (`X.Y` or `X`). */
type LineKeyCheck = (path: Path, key: string, which: 'key' | 'value') => void;

/** Every semantic check, section by section; problems go to `ctx`. */
export function semanticChecks(p: InputShape, ctx: PolicyDocument): void {
  const v = p.versioning;
  const lineShape = v.line === 'minor' ? /^\d+\.\d+$/ : /^\d+$/;
  const lineHint = v.line === 'minor' ? 'X.Y, e.g. "0.5"' : 'X, e.g. "3"';
  const checkLineKey: LineKeyCheck = (path, key, which) => {
    if (!lineShape.test(key)) ctx.at(path, `'${key}' is not a line: versioning.line is ${v.line}, so write ${lineHint}`, { which });
  };

  checkVersioning(p, ctx);
  checkBranches(p, ctx, checkLineKey);
  checkSupport(p, ctx, checkLineKey);
  checkCadence(p, ctx);
  checkPhases(p, ctx, checkLineKey);
  checkVersionFiles(p, ctx);
  checkChanges(p.changes, ctx);
  checkSecurity(p, ctx);
  checkRelease(p, ctx);
  checkFlow(p, ctx);
  checkExtension(p.extension, p.extensions, ctx);
}

/** Semantic checks of `versioning`. */
function checkVersioning(p: InputShape, ctx: PolicyDocument): void {
  const v = p.versioning;
  const labels = v.prerelease.labels ?? PRERELEASE_DEFAULTS[v.scheme].labels;
  if (v.scheme === 'pep440' && v.prerelease.labels) {
    v.prerelease.labels.forEach((l, i) => {
      if (!PEP440_LABELS.includes(l.toLowerCase())) {
        ctx.at(
          ['versioning', 'prerelease', 'labels', i],
          `'${l}' is not a PEP 440 pre-release label (use a, b or rc; alpha, beta, c, pre, preview are also read)`,
        );
      }
    });
  }
  const format = v.prerelease.format ?? PRERELEASE_DEFAULTS[v.scheme].format;
  if (v.prerelease.format !== undefined) {
    const path = ['versioning', 'prerelease', 'format'];
    const t = checkTemplate(ctx, path, format, 'prereleaseFormat', false);
    if (t) {
      if (!t.placeholders.includes('label') || !t.placeholders.includes('n')) {
        ctx.at(path, `pre-release format '${format}' needs both {label} and {n}`);
      } else {
        for (const label of labels) {
          const sample = `1.2.3${format.replace('{label}', label).replace('{n}', '1')}`;
          const ok = v.scheme === 'semver' ? semver.valid(sample) !== null : pep440Valid(sample) !== null;
          if (!ok) {
            ctx.at(path, `pre-release format '${format}' gives '${sample}', which is not a valid ${v.scheme} version`);
            break;
          }
        }
      }
    }
  }
  const tags = v.tag === undefined ? [] : typeof v.tag === 'string' ? [v.tag] : v.tag;
  tags.forEach((tag, i) => {
    const path = typeof v.tag === 'string' ? ['versioning', 'tag'] : ['versioning', 'tag', i];
    const t = checkTemplate(ctx, path, tag, 'tag', true);
    if (t && !t.placeholders.includes('version')) ctx.at(path, `tag template '${tag}' needs {version}`);
  });
}

/** Semantic checks of `branches`. */
function checkBranches(p: InputShape, ctx: PolicyDocument, checkLineKey: LineKeyCheck): void {
  const v = p.versioning;
  const b = p.branches;
  for (const key of ['main', 'develop'] as const) {
    const name = b[key];
    if (name === undefined) continue;
    const problem = refNameProblem(name);
    if (problem) ctx.at(['branches', key], `branch name '${name}' is not a valid git ref name: ${problem}`);
  }
  if (b.develop !== undefined && b.develop === b.main)
    ctx.at(['branches', 'develop'], `branches.develop must differ from branches.main ('${b.main}')`);
  const releases = b.release === undefined ? [] : typeof b.release === 'string' ? [b.release] : b.release;
  releases.forEach((r, i) => {
    const isObj = typeof r !== 'string';
    const text = isObj ? r.template : r;
    const path: Path =
      typeof b.release === 'string' ? ['branches', 'release'] : isObj ? ['branches', 'release', i, 'template'] : ['branches', 'release', i];
    const t = checkTemplate(ctx, path, text, 'releaseBranch', true);
    if (!t) return;
    const ph = t.placeholders;
    const identifies = ph.includes('line') || (ph.includes('major') && (v.line === 'major' || ph.includes('minor')));
    if (!identifies) {
      ctx.at(
        path,
        `release branch template '${text}' does not say which line a branch belongs to: use {line}, or {major}${v.line === 'minor' ? ' and {minor}' : ''}`,
      );
    }
    if (i === 0 && isObj && r.eol) {
      ctx.at(
        ['branches', 'release', 0],
        'the first release branch template names new branches, so it cannot be an end-of-life template; list it after the active one',
      );
    }
  });
  checkTemplate(ctx, ['branches', 'hotfix'], b.hotfix, 'hotfixBranch', true);
  const bp = checkTemplate(ctx, ['branches', 'backport'], b.backport, 'backportBranch', true);
  // {pr} may stand for {sha}: the branch is then named by the pull request the commits name.
  const has = bp?.placeholders ?? [];
  if (bp && (!(has.includes('sha') || has.includes('pr')) || !(has.includes('line') || has.includes('branch')))) {
    ctx.at(
      ['branches', 'backport'],
      `backport branch template '${b.backport}' needs {sha} and {line} or {branch}, so that two backports never get the same name`,
    );
  }
  for (const key of Object.keys(b.codenames)) checkLineKey(['branches', 'codenames', key], key, 'key');
}

/** Semantic checks of `support`. */
function checkSupport(p: InputShape, ctx: PolicyDocument, checkLineKey: LineKeyCheck): void {
  const s = p.support;
  const bugfix = dur(s.bugfix);
  const security = dur(s.security);
  if (bugfix && security && compareDurations(security, bugfix) < 0) {
    ctx.at(
      ['support', 'security'],
      `the security window (${formatDuration(security)}) is shorter than the bugfix window (${formatDuration(bugfix)}); a line’s end of life cannot come before its end of bug fixes`,
    );
  }
  const ltsDuration = dur(s.lts.duration);
  const regular = security ?? bugfix;
  if (ltsDuration && regular && compareDurations(ltsDuration, regular) < 0) {
    ctx.at(
      ['support', 'lts', 'duration'],
      `LTS support (${formatDuration(ltsDuration)}) is shorter than regular support (${formatDuration(regular)})`,
    );
  }
  s.lts.lines.forEach((l, i) => checkLineKey(['support', 'lts', 'lines', i], l, 'value'));
  for (const [key, entry] of Object.entries(s.lines)) {
    checkLineKey(['support', 'lines', key], key, 'key');
    const base: Path = ['support', 'lines', key];
    const start = checkDate(ctx, [...base, 'start'], entry.start);
    const eob = checkDate(ctx, [...base, 'endOfBugfix'], entry.endOfBugfix);
    const eol = checkDate(ctx, [...base, 'eol'], entry.eol);
    if (start && eob && eob < start) ctx.at([...base, 'endOfBugfix'], `end of bug fixes ${eob} is before the start ${start}`);
    if (start && eol && eol < start) ctx.at([...base, 'eol'], `end of life ${eol} is before the start ${start}`);
    if (eob && eol && eol < eob) ctx.at([...base, 'eol'], `end of life ${eol} is before the end of bug fixes ${eob}`);
    if (entry.branch !== undefined) {
      const problem = refNameProblem(entry.branch);
      if (problem) ctx.at([...base, 'branch'], `branch name '${entry.branch}' is not a valid git ref name: ${problem}`);
    }
  }
}

/** Semantic checks of `cadence`. */
function checkCadence(p: InputShape, ctx: PolicyDocument): void {
  for (const key of ['major', 'minor', 'patch'] as const) {
    const text = p.cadence[key];
    if (text === undefined) continue;
    const r = parseDurationRange(text);
    if (!r.ok) ctx.at(['cadence', key], r.error);
  }
}

/** Semantic checks of `phases`. */
function checkPhases(p: InputShape, ctx: PolicyDocument, checkLineKey: LineKeyCheck): void {
  if (p.phases) {
    let previous: string | undefined;
    p.phases.schedule.forEach((entry, i) => {
      const date = checkDate(ctx, ['phases', 'schedule', i, 'from'], entry.from);
      if (entry.line !== undefined) checkLineKey(['phases', 'schedule', i, 'line'], entry.line, 'value');
      if (date && previous && date <= previous)
        ctx.at(['phases', 'schedule', i, 'from'], `phase dates must increase: ${date} is not after ${previous}`);
      if (date) previous = date;
    });
  }
}

/** Semantic checks of `version files`. */
function checkVersionFiles(p: InputShape, ctx: PolicyDocument): void {
  p.versionFiles.forEach((f, i) => {
    const base: Path = ['versionFiles', i];
    checkTemplate(ctx, [...base, 'path'], f.path, 'path', false);
    checkFilePath(ctx, [...base, 'path'], f.path);
    checkTemplate(ctx, [...base, 'value'], f.value, 'value', false);
    const needs: Record<string, string[]> = { json: ['key'], toml: ['key'], yaml: ['key'], regex: [], pin: ['package'] };
    const allowed: Record<string, string[]> = {
      json: ['key'],
      toml: ['key'],
      yaml: ['key'],
      regex: ['pattern', 'marker'],
      pin: ['package', 'key'],
    };
    for (const k of needs[f.kind]!)
      if ((f as Record<string, unknown>)[k] === undefined) ctx.at(base, `a ${f.kind} version file needs '${k}'`);
    for (const k of ['key', 'pattern', 'marker', 'package']) {
      if ((f as Record<string, unknown>)[k] !== undefined && !allowed[f.kind]!.includes(k)) {
        ctx.at([...base, k], `'${k}' does not apply to a ${f.kind} version file (it uses ${allowed[f.kind]!.join(' and ')})`, {
          which: 'key',
        });
      }
    }
    if (f.key !== undefined) {
      try {
        parseKeyPath(f.key);
      } catch (e) {
        ctx.at([...base, 'key'], (e as Error).message);
      }
    }
    if (f.kind === 'regex' && f.pattern !== undefined) {
      const problem = regexProblem(f.pattern);
      if (problem) ctx.at([...base, 'pattern'], problem);
    }
    if (f.branch === 'develop' && p.branches.develop === undefined) {
      ctx.at([...base, 'branch'], 'branch: develop needs branches.develop');
    }
  });
}

/** Semantic checks of `security`. */
function checkSecurity(p: InputShape, ctx: PolicyDocument): void {
  for (const sev of ['critical', 'high', 'medium', 'low'] as const) {
    const sla = p.security.sla[sev];
    const triage = dur(sla?.triage);
    const fix = dur(sla?.fix);
    if (triage && fix && compareDurations(fix, triage) < 0) {
      ctx.at(
        ['security', 'sla', sev, 'fix'],
        `the fix time (${formatDuration(fix)}) is shorter than the triage time (${formatDuration(triage)})`,
      );
    }
  }
}

/** Semantic checks of `release`. */
function checkRelease(p: InputShape, ctx: PolicyDocument): void {
  const rel = p.release;
  if (rel.entrypoint !== false) checkTemplate(ctx, ['release', 'entrypoint'], rel.entrypoint, 'entrypointTag', true);
  const inCycle = new Set<ReleaseType>();
  for (const type of RELEASE_TYPES) {
    const window = rel.checklists[type]?.testingWindow;
    if (window !== undefined) {
      const r = parseDurationRange(window);
      if (!r.ok) ctx.at(['release', 'checklists', type, 'testingWindow'], r.error);
    }
    const seen: ReleaseType[] = [type];
    let cur = rel.checklists[type]?.extends;
    while (cur) {
      if (seen.includes(cur)) {
        if (inCycle.has(cur)) break;
        for (const t of seen) inCycle.add(t);
        ctx.at(['release', 'checklists', type, 'extends'], `checklists extend each other in a circle: ${[...seen, cur].join(' -> ')}`);
        break;
      }
      if (!rel.checklists[cur]) {
        ctx.at(['release', 'checklists', seen[seen.length - 1]!, 'extends'], `there is no '${cur}' checklist to extend`);
        break;
      }
      seen.push(cur);
      cur = rel.checklists[cur]?.extends;
    }
  }
}

/** Semantic checks of `flow`. */
function checkFlow(p: InputShape, ctx: PolicyDocument): void {
  const rel = p.release;
  const f = p.flow;
  if (f.model === 'gitflow' && p.branches.develop === undefined) {
    ctx.at(['flow', 'model'], 'gitflow needs branches.develop (the integration branch, e.g. dev)');
  }
  if (f.hotfix.mergeInto.includes('develop') && p.branches.develop === undefined) {
    ctx.at(['flow', 'hotfix', 'mergeInto'], 'merging hotfixes into develop needs branches.develop');
  }
  if (f.prepare.notes !== undefined) {
    checkTemplate(ctx, ['flow', 'prepare', 'notes'], f.prepare.notes, 'path', false);
    checkFilePath(ctx, ['flow', 'prepare', 'notes'], f.prepare.notes);
  }
  if (rel.changelog !== false) checkFilePath(ctx, ['release', 'changelog'], rel.changelog);
  if (p.backport.optOutFile !== undefined) checkFilePath(ctx, ['backport', 'optOutFile'], p.backport.optOutFile);
}

/** A file Trellis writes or reads in the repository: relative, inside it, never git's own folder. */
function checkFilePath(ctx: PolicyDocument, path: Path, text: string): void {
  const problem = repoFilePathProblem(text);
  if (problem) ctx.at(path, `'${text}' cannot name a file in the repository: ${problem}`);
}
