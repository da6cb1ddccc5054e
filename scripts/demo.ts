/**
 * `npm run demo [-- --keep] [-- --today YYYY-MM-DD] [-- --json]`: `trellis demo` from a clone (the
 * demo itself ships with the package: src/cli/commands/demo.ts, src/demo/run.ts). "Today" is
 * fixed (2026-03-13, or TRELLIS_NOW, or --today) so the output is the same on every run.
 */
import { runCli } from '../src/cli/main.js';

const args = process.argv.slice(2);
const now = process.env.TRELLIS_NOW?.slice(0, 10);
const argv = ['demo', ...(now && !args.includes('--today') ? ['--today', now] : []), ...args];
const started = Date.now();
const code = await runCli(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: async () => '',
  cwd: process.cwd(),
  env: process.env,
  clock: { now: () => new Date() },
});
if (code === 0 && !args.some((a) => a.startsWith('--json') || a === '--help' || a === '-h'))
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
process.exitCode = code;
