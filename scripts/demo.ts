/**
 * `npm run demo [-- --keep] [-- --today YYYY-MM-DD]`: builds a Llama Stack-like sample repository
 * in a temporary folder (two years of history, see scripts/demo/history.ts), runs Trellis on it
 * in-process and prints each command with its output. "Today" is fixed (2026-03-13, or
 * TRELLIS_NOW, or --today) so the output is the same on every run. The folder is removed at
 * the end unless --keep is given.
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildDemoRepo } from './demo/history.js';
import { DEMO_TODAY, renderDemo, runDemo } from './demo/run.js';

const { values } = parseArgs({
  options: { keep: { type: 'boolean', default: false }, today: { type: 'string' }, help: { type: 'boolean', default: false } },
  strict: true,
});
if (values.help) {
  console.log('usage: npm run demo [-- --keep] [-- --today YYYY-MM-DD]');
  process.exit(0);
}
const today = values.today ?? process.env.TRELLIS_NOW?.slice(0, 10) ?? DEMO_TODAY;
if (!/^\d{4}-\d\d-\d\d$/.test(today)) {
  console.error(`demo: --today must be YYYY-MM-DD, got '${today}'`);
  process.exit(2);
}

const started = Date.now();
const repo = await buildDemoRepo();
try {
  console.log(`Sample repository (Llama Stack-like, 2024-03 to 2026-03): ${repo.dir}`);
  console.log(`Today is ${today} for every command below.\n`);
  const steps = await runDemo(repo, today);
  console.log(renderDemo(steps));
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  if (values.keep) {
    console.log(`Kept ${repo.dir} (try: cd ${repo.dir} && git log --graph --oneline --all)`);
    console.log(`Run Trellis there with HOME=${repo.env.HOME} to keep the demo's git identity.`);
  } else {
    await rm(repo.root, { recursive: true, force: true });
  }
}
