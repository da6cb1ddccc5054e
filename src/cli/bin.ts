#!/usr/bin/env node
import { clockFromEnv } from '../adapters/clock.js';
import { allowForcedGc } from './gc.js';
import { readAllStdin } from './io.js';
import { runCli } from './main.js';

// The process is the CLI's own: commands may force full collections where that lowers peak memory (see gc.ts).
allowForcedGc();
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: readAllStdin,
  cwd: process.cwd(),
  env: process.env,
  clock: clockFromEnv(process.env),
});
process.exitCode = code;
