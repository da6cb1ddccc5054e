/**
 * `npm run bench [-- <filter>]`: runs every `bench/*.bench.ts` module (or those whose name or
 * file name contains <filter>) and prints one table per module. Each module exports `name` and
 * `run(): Promise<Array<{ label, ms, note? }>>`; the first row of a module is its baseline and
 * the ratio column is each row's time divided by the baseline's.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderTable } from '../src/cli/output.js';

export interface BenchResult {
  label: string;
  ms: number;
  note?: string;
}

export interface BenchModule {
  name: string;
  run(): Promise<BenchResult[]>;
}

/** Median wall time of `runs` calls to `fn` after one warm-up call, in milliseconds. */
export async function timeIt(fn: () => unknown, runs = 3): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

async function main(): Promise<number> {
  const filter = process.argv[2];
  const here = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  let ran = 0;
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as Partial<BenchModule>;
    if (typeof mod.name !== 'string' || typeof mod.run !== 'function') {
      console.error(`bench: ${file} does not export name and run()`);
      return 2;
    }
    if (filter && !mod.name.includes(filter) && !file.includes(filter)) continue;
    ran++;
    console.log(`\n${mod.name} (${file})\n`);
    const results = await mod.run();
    const base = results[0]?.ms ?? 1;
    const rows = results.map((r) => [r.label, r.ms.toFixed(1), `${(r.ms / base).toFixed(2)}x`, r.note ?? '']);
    process.stdout.write(renderTable(['benchmark', 'ms', 'ratio', 'note'], rows));
  }
  if (ran === 0) {
    console.error(filter ? `bench: no benchmark matches '${filter}'` : 'bench: no bench/*.bench.ts modules found');
    return 2;
  }
  console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}; median of 3 runs after a warm-up.`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`bench: ${(e as Error)?.stack ?? String(e)}`);
    process.exitCode = 1;
  },
);
