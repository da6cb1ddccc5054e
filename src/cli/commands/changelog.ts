/**
 * `trellis changelog [FROM..TO] [--line L] [--markdown | --json]`: Keep a Changelog sections
 * from the commits of a range (default: the line's last tag..its branch), each classified as
 * `trellis missing` classifies it, backports listed once with their origin, CVE and GHSA ids in
 * Security, changes already released left out.
 * The use case is app/changelog.ts; this file parses options and prints.
 */
import { Option, type Command } from 'commander';
import { changelog } from '../../app/changelog.js';
import { openApp } from '../../app/context.js';
import { usageError } from '../../core/errors.js';
import { entryText, renderChangelogMarkdown, type Changelog } from '../../core/release/changelog.js';
import { workspace } from '../context.js';
import { type CliIo } from '../io.js';
import { repoOption } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

interface Flags {
  line?: string;
  markdown?: boolean;
  json?: JsonFlag;
  repo?: string;
  policy?: string;
}

function text(log: Changelog): string {
  const out = [`${log.from ?? '(start)'}..${log.to}`];
  if (log.sections.length === 0) out.push('  no notable changes');
  for (const s of log.sections) {
    out.push(`${s.name}:`);
    for (const e of s.entries) out.push(`  - ${entryText(e, false)}`);
  }
  return `${out.join('\n')}\n`;
}

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'changelog')
    .description('Keep a Changelog sections, changes classified as missing does (default: a line’s last tag..its branch)')
    .argument('[range]', 'FROM..TO (revisions or tags)')
    .addOption(new Option('--line <line>', 'the line (X.Y) or its branch (default: the line of the checked-out branch)'))
    .addOption(new Option('--markdown', 'print Markdown (the section a release writes to the changelog file)'))
    .addOption(jsonOption('print JSON: { version, date, from, to, sections, omitted }'))
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .action(async (range: string | undefined, flags: Flags) => {
      if (flags.markdown && flags.json) throw usageError('choose one of --markdown and --json');
      if (range !== undefined && flags.line !== undefined) throw usageError('give a range or --line, not both');
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const log = await changelog(ctx, { range, line: flags.line });
      if (flags.json) io.stdout.write(toJson(log, jsonStyle(flags.json, io)));
      else if (flags.markdown) io.stdout.write(renderChangelogMarkdown(log));
      else io.stdout.write(text(log));
    });
}
