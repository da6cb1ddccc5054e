/**
 * `trellis site --out DIR [--base-url URL] [--date D] [--notes N] [--dry-run] [--json]`: writes
 * the supported-versions site (src/site/) made from the `site` use case (app/site.ts) into DIR.
 * Writes nothing outside DIR (every path is checked, symbolic links included) and refuses a DIR
 * inside the repository's git directory. Files already in DIR that the site does not make are
 * left alone.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { openApp } from '../../app/context.js';
import { site } from '../../app/site.js';
import { usageError } from '../../core/errors.js';
import { buildSite, type SiteFile } from '../../site/build.js';
import { asOfDate } from '../dates.js';
import { workingDirectory, workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

interface SiteFlags {
  out: string;
  baseUrl?: string;
  date?: string;
  notes: string;
  coverage: boolean;
  dryRun?: boolean;
  json?: JsonFlag;
  repo?: string;
  policy?: string;
}

const EXAMPLES = `
Examples:
  trellis site --out _site                                   # the site for today
  trellis site --out _site --base-url https://example.org/project/
  trellis site --out _site --dry-run                         # list the files, write nothing
  trellis site --out _site --json                            # { out, dryRun, files: [{ path, bytes }] }
`;

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'site')
    .description('write the supported-versions site: versions page with chart, line pages, coverage, feeds, API files')
    .requiredOption('--out <dir>', 'directory to write the site into (created when missing)')
    .addOption(new Option('--base-url <url>', 'where the site is published (absolute links in the feed and the API)'))
    .addOption(new Option('--date <YYYY-MM-DD>', 'the day the site is for (default: today)'))
    .addOption(new Option('--notes <n>', "how many of each supported line's latest releases show their notes").default('3'))
    .addOption(new Option('--no-coverage', 'leave out the backport coverage ledger'))
    .addOption(new Option('--dry-run', 'list the files the site has, write nothing'))
    .addOption(jsonOption('print JSON: { out, dryRun, files: [{ path, bytes }] }'))
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .addHelpText('after', EXAMPLES)
    .action(async (flags: SiteFlags) => {
      const asOf = asOfDate(flags.date, io);
      const notes = notesOf(flags.notes);
      const baseUrl = baseUrlOf(flags.baseUrl);
      const out = resolve(workingDirectory(io), flags.out);
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const result = await site(ctx, { date: asOf, notes, coverage: flags.coverage });
      refuseGitDir(out, result.gitDirs);
      for (const w of result.warnings) println(io.stderr, `trellis: warning: ${w}`);
      const files = buildSite(result, { baseUrl });
      if (!flags.dryRun) writeFiles(out, files);
      const listed = files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content) }));
      if (flags.json) {
        io.stdout.write(toJson({ out, dryRun: flags.dryRun === true, files: listed }, jsonStyle(flags.json, io)));
        return;
      }
      for (const f of listed) println(io.stdout, f.path);
      println(io.stdout, `${flags.dryRun ? 'would write' : 'wrote'} ${files.length} files to ${out}`);
    });
}

function notesOf(text: string): number {
  if (!/^(0|[1-9][0-9]{0,3})$/.test(text)) throw usageError(`--notes must be a number from 0 to 9999, got '${text}'`);
  return Number(text);
}

function baseUrlOf(text: string | undefined): string | null {
  if (text === undefined) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--base-url: '${text}' is not a URL (e.g. https://example.org/project/)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw usageError(`--base-url: '${text}' is not an http(s) URL`);
  return url.href;
}

/** The path as the file system will resolve it: the nearest existing ancestor's real path, then the rest. */
function realish(path: string): string {
  const rest: string[] = [];
  let dir = path;
  for (;;) {
    try {
      return join(realpathSync(dir), ...rest.reverse());
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return path;
      rest.push(dir.slice(parent.length).replace(/^[\\/]+/, ''));
      dir = parent;
    }
  }
}

const inside = (child: string, parent: string): boolean => {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

function refuseGitDir(out: string, gitDirs: readonly string[]): void {
  const real = realish(out);
  const named = real.split(sep).includes('.git');
  if (named || gitDirs.some((g) => inside(real, realish(g)))) {
    throw usageError(`--out ${out} is inside the repository's git directory: choose a directory outside .git`);
  }
}

/** Writes every file under `out`, after checking (with the directories made) that each lands inside it: all or none. */
function writeFiles(out: string, files: readonly SiteFile[]): void {
  mkdirSync(out, { recursive: true });
  const root = realpathSync(out);
  const targets = files.map((f) => {
    const target = resolve(root, f.path);
    if (!inside(target, root)) throw usageError(`refusing to write ${f.path}: outside --out`);
    mkdirSync(dirname(target), { recursive: true });
    if (!inside(realish(target), root)) throw usageError(`refusing to write ${f.path}: a symbolic link leads outside --out`);
    return { target, content: f.content };
  });
  for (const t of targets) writeFileSync(t.target, t.content);
}
