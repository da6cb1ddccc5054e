#!/usr/bin/env node
import { TRELLIS_VERSION } from '../app/package-info.js';

/** 128 + SIGPIPE: what `git log | head` and other Unix tools report when their reader goes away. */
const READER_GONE = 141;
let readerGone = false;

// A reader that closes the pipe early (`trellis status | head`) is not an error: the command
// stops writing (a streaming writer sees OutputClosed, see io.ts) and the process exits quietly
// with 141, as git does, instead of dying with Node's `Error: write EPIPE` stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    readerGone = true;
    process.exitCode = READER_GONE;
  });
}

const args = process.argv.slice(2);
// `trellis --version` answers before the command-line parser and the CLI's modules load: it is
// what scripts and `npx` probes run most, and start-up is most of its time (npm run bench startup).
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${TRELLIS_VERSION}\n`);
} else {
  await run(args);
}

async function run(argv: string[]): Promise<void> {
  const [{ clockFromEnv }, { allowForcedGc }, { askOnTerminal, readAllStdin }, { runCli }] = await Promise.all([
    import('../adapters/clock.js'),
    import('./gc.js'),
    import('./io.js'),
    import('./main.js'),
  ]);

  // The process is the CLI's own: commands may force full collections where that lowers peak memory (see gc.ts).
  allowForcedGc();
  const code = await runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: readAllStdin,
    cwd: process.cwd(),
    env: process.env,
    clock: clockFromEnv(process.env),
    ask: process.stdin.isTTY && process.stdout.isTTY ? askOnTerminal : undefined,
  });
  process.exitCode = readerGone ? READER_GONE : code;
}
