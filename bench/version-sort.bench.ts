/**
 * `trellis version sort` on 100,000 generated versions per scheme, run in-process through the
 * CLI (argument parsing, stdin split, parse, sort, output) exactly as the command runs, beside
 * node-semver's own `semver.sort` for semver. The issue asks Trellis to stay within 2x of it.
 */
import semver from 'semver';
import { runCli } from '../src/cli/main.js';
import { getScheme, type SchemeName } from '../src/core/version/index.js';
import { debVersion, pep440Version, rng, rpmEvr, semverVersion, type Rand } from '../test/version/gen.js';
import { timeIt, type BenchResult } from './run.js';

export const name = 'version-sort';

const N = 100_000;

function generate(scheme: SchemeName, gen: (r: Rand) => string, seed: number): string[] {
  const s = getScheme(scheme);
  const r = rng(seed);
  const out: string[] = [];
  while (out.length < N) {
    const v = gen(r);
    if (s.validate(v) === null) out.push(v);
  }
  return out;
}

/** Runs `trellis version sort` in-process with `lines` on stdin; returns the output length. */
async function trellisSort(scheme: SchemeName, text: string, extra: string[] = []): Promise<number> {
  let out = 0;
  const code = await runCli(['version', 'sort', '--scheme', scheme, ...extra], {
    stdout: { write: (s: string) => (out += s.length) },
    stderr: { write: (s: string) => process.stderr.write(s) },
    readStdin: async () => text,
    cwd: process.cwd(),
    env: {},
    clock: { now: () => new Date(0) },
  });
  if (code !== 0) throw new Error(`trellis version sort --scheme ${scheme} exited ${code}`);
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const semverLines = generate('semver', semverVersion, 1);
  const semverText = `${semverLines.join('\n')}\n`;
  const results: BenchResult[] = [];

  const base = await timeIt(() => semver.sort(semverLines.slice()));
  results.push({ label: 'semver: node-semver semver.sort(strings)', ms: base, note: 'baseline' });
  const parsedFirst = await timeIt(() => semver.sort(semverLines.map((l) => new semver.SemVer(l))));
  results.push({ label: 'semver: node-semver parse, then semver.sort(SemVer[])', ms: parsedFirst });
  const t = await timeIt(() => trellisSort('semver', semverText));
  results.push({ label: 'semver: trellis version sort', ms: t, note: `${(t / base).toFixed(2)}x node-semver (limit 2x)` });
  const tl = await timeIt(() => trellisSort('semver', semverText, ['--labels', 'alpha,beta,rc']));
  results.push({ label: 'semver: trellis version sort --labels alpha,beta,rc', ms: tl, note: `${(tl / base).toFixed(2)}x node-semver` });

  for (const [scheme, gen, seed] of [
    ['pep440', pep440Version, 2],
    ['rpm', rpmEvr, 3],
    ['deb', debVersion, 4],
  ] as const) {
    const text = `${generate(scheme, gen, seed).join('\n')}\n`;
    results.push({ label: `${scheme}: trellis version sort`, ms: await timeIt(() => trellisSort(scheme, text)) });
  }
  for (const r of results) r.note = `${r.note ?? ''}${r.note ? '; ' : ''}${N.toLocaleString('en')} versions`;
  return results;
}
