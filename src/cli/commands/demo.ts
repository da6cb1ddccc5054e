/**
 * `trellis demo [--today D] [--keep] [--json]`: builds the sample repository (a Llama Stack-like
 * history, app/demo-repository.ts) in a temporary folder, runs the demo's commands on it
 * in-process (src/demo/run.ts) and prints each with its output. Works from the installed package;
 * `npm run demo` is the same from a clone.
 */
import { Option, type Command } from 'commander';
import { demoRepository, removeDemoRepository, type DemoRepo } from '../../app/demo-repository.js';
import { usageError } from '../../core/errors.js';
import { DEMO_TODAY, renderDemo, runDemo } from '../../demo/run.js';
import { runCaptured } from '../in-process.js';
import { println, type CliIo } from '../io.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

interface Flags {
  today?: string;
  keep?: boolean;
  json?: JsonFlag;
}

const EXAMPLES = `
Examples:
  trellis demo                     the demo, "today" being 2026-03-13
  trellis demo --keep              ... and keep the sample repository to try other commands in
  trellis demo --today 2026-06-01  the same history seen on another day
  trellis demo --json              { today, repository, kept, steps: [{ heading, argv, code, stdout, stderr }] }`;

/** Runs a demo command in the sample repository, with its own git identity and "today". */
const inRepo = (repo: DemoRepo, argv: string[], today: string) =>
  runCaptured(argv, { cwd: repo.dir, env: repo.env, now: new Date(`${today}T12:00:00Z`) });

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'demo')
    .description('try Trellis on a sample repository (a Llama Stack-like history)')
    .addOption(new Option('--today <YYYY-MM-DD>', 'the day every command takes as today').default(DEMO_TODAY))
    .option('--keep', 'keep the sample repository (its path is printed)')
    .addOption(jsonOption('print JSON: { today, repository, kept, steps: [{ heading, argv, code, stdout, stderr }] }'))
    .addHelpText(
      'after',
      `\nThe repository is built in a temporary folder (removed at the end unless --keep); nothing of yours is touched.\n${EXAMPLES}`,
    )
    .action(async (flags: Flags) => {
      const today = flags.today ?? DEMO_TODAY;
      if (!/^\d{4}-\d\d-\d\d$/.test(today)) throw usageError(`--today must be YYYY-MM-DD, got '${today}'`);
      const repo = await demoRepository(null);
      try {
        if (!flags.json) {
          println(io.stdout, `Sample repository (Llama Stack-like, 2024-03 to 2026-03): ${repo.dir}`);
          println(io.stdout, `Today is ${today} for every command below.`);
          println(io.stdout);
        }
        const steps = await runDemo(repo, inRepo, today);
        if (flags.json) {
          const doc = { today, repository: repo.dir, kept: flags.keep === true, steps };
          return void io.stdout.write(toJson(doc, jsonStyle(flags.json, io)));
        }
        io.stdout.write(`${renderDemo(steps)}\n`);
        if (flags.keep) {
          println(io.stdout, `Kept ${repo.dir} (try: cd ${repo.dir} && git log --graph --oneline --all)`);
          println(io.stdout, `Run Trellis there with HOME=${repo.env.HOME} to keep the demo's git identity.`);
        }
      } finally {
        if (!flags.keep) await removeDemoRepository(repo);
      }
    });
}
