#!/usr/bin/env node
import { clockFromEnv } from '../adapters/clock.js';
import { readAllStdin } from './io.js';
import { runCli } from './main.js';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: readAllStdin,
  cwd: process.cwd(),
  env: process.env,
  clock: clockFromEnv(process.env),
});
process.exitCode = code;
