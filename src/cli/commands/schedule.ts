/**
 * `trellis schedule [--from D] [--count N] [--ical | --json] [--repo PATH] [--policy FILE]`:
 * the release calendar — projected releases from the cadence, the phases of Goose-style cycles
 * and the days support ends — as a table, JSON, or an iCalendar file calendar programs import.
 * The calendar comes from the `schedule` use case (app/schedule.ts).
 */
import { Option, type Command } from 'commander';
import { openApp } from '../../app/context.js';
import { schedule, type ScheduleResult } from '../../app/schedule.js';
import { usageError } from '../../core/errors.js';
import { scheduleToICalendar, type ScheduleEvent } from '../../core/lines/index.js';
import { parseDate } from '../../core/policy/duration.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption } from '../options.js';
import { colorsOf, commandWithJson, jsonOption, jsonStyle, renderTable, tableWidth, toJson, type JsonFlag } from '../output.js';
import { paintStatus } from '../tones.js';
import { supportLabel } from '../../core/vocabulary.js';
import type { LineStatus } from '../../core/lines/index.js';
import type { SupportLevel } from '../../core/policy/schema.js';

interface ScheduleFlags {
  wide?: boolean;
  from?: string;
  count: string;
  ical?: boolean;
  json?: JsonFlag;
  repo?: string;
  policy?: string;
}

function countOf(text: string): number {
  if (!/^[1-9][0-9]{0,3}$/.test(text)) throw usageError(`--count must be a number from 1 to 9999, got '${text}'`);
  return Number(text);
}

const KIND_WORDS: Record<ScheduleEvent['kind'], string> = {
  major: 'major',
  minor: 'minor',
  patch: 'patch',
  phase: 'phase',
  'end-of-bugfix': 'end of bugfix',
  'end-of-life': 'end of life',
};

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'schedule')
    .description('the release calendar: projected releases from the cadence, phase boundaries and support end dates')
    .addOption(new Option('--from <YYYY-MM-DD>', 'first day of the calendar (default: today)'))
    .addOption(new Option('--count <n>', 'number of events').default('10'))
    .addOption(new Option('--ical', 'print an iCalendar (.ics) file to import into calendar programs').conflicts('json'))
    .addOption(jsonOption('print JSON: { from, events: [{ date, endDate?, kind, line, title, ... }] }').conflicts('ical'))
    .option('--wide', 'every column at full width, whatever the terminal width')
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .action(async (flags: ScheduleFlags) => {
      const count = countOf(flags.count);
      if (flags.from !== undefined) {
        const d = parseDate(flags.from);
        if (!d.ok) throw usageError(`--from: ${d.error}`);
      }
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const result = await schedule(ctx, { from: flags.from, count });
      for (const w of result.warnings) println(io.stderr, `trellis: warning: ${w}`);
      const name = result.project ?? 'project';

      if (flags.ical) {
        io.stdout.write(
          scheduleToICalendar(result.events, { stamp: io.clock.now().toISOString(), name: `${name} releases`, prefix: name }),
        );
        return;
      }
      if (flags.json) {
        io.stdout.write(toJson({ from: result.from, events: result.events }, jsonStyle(flags.json, io)));
        return;
      }
      renderCalendar(io, name, result, flags.wide);
    });
}

/** The calendar for people: a table, the projected mark, and the lines supported on the first day. */
function renderCalendar(io: CliIo, name: string, { from, events, supported }: ScheduleResult, wide?: boolean): void {
  println(io.stdout, `Release schedule of ${name} from ${from}`);
  println(io.stdout);
  if (events.length === 0) {
    println(io.stdout, 'nothing scheduled: the policy sets no cadence and no line has a support end date');
    return;
  }
  // The 'until' column only when some event spans days (a window or a phase).
  const spans = events.some((e) => e.endDate !== undefined);
  const rows = events.map((e) => [
    e.date,
    ...(spans ? [e.endDate ?? ''] : []),
    KIND_WORDS[e.kind],
    e.line,
    `${e.title}${e.projected ? ' *' : ''}`,
  ]);
  io.stdout.write(renderTable(['date', ...(spans ? ['until'] : []), 'kind', 'line', 'event'], rows, { width: tableWidth(io, wide) }));
  if (events.some((e) => e.projected)) {
    println(io.stdout);
    println(io.stdout, '* projected from the cadence and the support rules (cadence in .trellis.yml); the rest are facts or policy dates');
  }
  // Keeps the status rules visible: which lines are supported on the first day (the vocabulary's words and colours).
  const colours = colorsOf(io);
  const paint = (status: LineStatus, level: SupportLevel | null) => paintStatus(colours, status, level);
  if (supported.length > 0)
    println(
      io.stdout,
      `supported on ${from}: ${supported.map((s) => `${s.key} (${paint(s.status, s.support)(supportLabel(s.status, s.support))}${s.lts ? ', LTS' : ''})`).join(', ')}`,
    );
}
