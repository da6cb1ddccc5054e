/**
 * The process pages (docs/processes/*.md) show one full cycle of each process; this test runs
 * it. The block after `<!-- cycle -->` is run line by line in a fresh repository: `trellis …`
 * lines in-process (the CLI as a user types it), other lines with bash; `# day YYYY-MM-DD` sets
 * the day (the CLI's clock and git's dates); a trailing `# exit N` is the expected exit code
 * (default 0). So every command a page shows is a command that works.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trellis } from '../helpers/cli.js';
import { gitDate, makeRepo } from '../helpers/repo.js';
import { sshSigningKey } from './story.js';

const DIR = join(import.meta.dirname, '../../docs/processes');

/** The cycle block of a page: its lines. */
function cycleOf(text: string): string[] {
  const m = /<!-- cycle -->\s*```sh\n([\s\S]*?)```/.exec(text);
  return m ? m[1]!.split('\n').filter((l) => l.trim() !== '') : [];
}

/** Shell-like words: quotes group, no expansion (the pages quote plainly). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

const pages = readdirSync(DIR).filter((f) => f.endsWith('.md'));

describe('docs/processes: each page’s cycle runs', () => {
  it('has the five process pages', () => {
    expect(pages.sort()).toEqual([
      'goose-phases.md',
      'lightspeed-lts.md',
      'llama-stack-branches.md',
      'tarantool-series.md',
      'vmpilot-gitflow.md',
    ]);
  });
  for (const page of pages) {
    it(`${page}: every command of the cycle exits as the page says`, async () => {
      const lines = cycleOf(readFileSync(join(DIR, page), 'utf8'));
      expect(lines.filter((l) => l.startsWith('trellis ')).length, 'commands in the cycle').toBeGreaterThan(5);
      const r = await makeRepo({ branch: /tarantool/.test(page) ? 'master' : 'main' });
      sshSigningKey(r);
      let day = '2026-01-05';
      for (const raw of lines) {
        const dayMark = /^# day (\d{4}-\d\d-\d\d)$/.exec(raw.trim());
        if (dayMark) day = dayMark[1]!;
        if (raw.trim().startsWith('#')) continue;
        const exit = /\s+# exit (\d+)\s*$/.exec(raw);
        const line = raw.replace(/\s+# .*$/, '');
        const want = exit ? Number(exit[1]) : 0;
        const env = { ...r.env, GIT_AUTHOR_DATE: gitDate(day), GIT_COMMITTER_DATE: gitDate(day) };
        if (line.startsWith('trellis ')) {
          const res = await trellis(words(line).slice(1), { cwd: r.dir, env, now: `${day}T12:00:00Z` });
          expect(res.code, `${page}: ${line}\n${res.stdout}${res.stderr}`).toBe(want);
        } else {
          const res = spawnSync('bash', ['-euo', 'pipefail', '-c', line], { cwd: r.dir, env, encoding: 'utf8' });
          expect(res.status, `${page}: ${line}\n${res.stdout}${res.stderr}`).toBe(want);
        }
      }
    });
  }
});
