import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppContext } from '../../src/app/context.js';
import { missing, outputText, type MissingRenderer } from '../../src/app/missing.js';
import { jsonChunks, type ChangeCoverage } from '../../src/core/coverage/index.js';
import { trellis } from '../helpers/cli.js';
import { buildStory, type Story } from './fixture.js';

const NOW = '2026-01-15T12:00:00Z';
const JSON_RENDERER: MissingRenderer = { name: 'json', render: jsonChunks };

describe('the missing use case (what the CLI, the Action and a library user call)', () => {
  let s: Story;
  let ctx: AppContext;
  beforeAll(async () => {
    s = await buildStory();
    ctx = await openApp({ cwd: s.r.dir, env: s.r.env, clock: { now: () => new Date(NOW) } });
  }, 60_000);

  it('without a renderer: the report as data, rows made as read, the exit intent known once they were read', async () => {
    const res = await missing(ctx, { cache: false });
    expect(res.source).toBe('run');
    expect([...res.chunks]).toEqual([]);
    expect(res.report?.lines).toEqual(['0.2', '0.1']);
    expect(() => res.exitCode).toThrow(/known once the rows were read/);
    const rows: ChangeCoverage[] = [...(res.report?.changes ?? [])];
    expect(rows.find((c) => c.commit === s.c.security)?.states['0.1']?.state).toBe('missing');
    expect(res.exitCode).toBe(1);
    expect(res.stats?.commits).toBeGreaterThan(0);
  });

  it("with a renderer: the CLI's bytes, recorded, then replayed from the result cache with the exit intent", async () => {
    const cli = await trellis(['missing', '--json=pretty', '--no-cache'], { cwd: s.r.dir, env: s.r.env, now: NOW });
    const cold = await missing(ctx, { renderer: JSON_RENDERER });
    expect(cold.source).toBe('run');
    expect(outputText(cold.chunks)).toBe(cli.stdout);
    expect(cold.exitCode).toBe(1);
    const warm = await missing(ctx, { renderer: JSON_RENDERER });
    expect(warm.source).toBe('cache');
    expect(warm.report).toBeNull();
    expect(warm.exitCode).toBe(1);
    expect(outputText(warm.chunks)).toBe(cli.stdout);
    // Another rendering is another key: not replayed from the JSON's file.
    const other = await missing(ctx, { renderer: { name: 'json-again', render: jsonChunks } });
    expect(other.source).toBe('run');
    expect(outputText(other.chunks)).toBe(cli.stdout);
  });

  it('a replay is the recorded bytes (asked for), a megabyte at a time, or text: a character cut between two reads comes out whole', async () => {
    // 3-byte characters after 0, 1 or 2 ASCII ones: the 1 MiB reads cut some of them in two.
    for (const pad of ['', 'a', 'ab']) {
      const text = `${pad}${'€'.repeat(400_000)}\n`;
      const renderer: MissingRenderer = { name: `euro-${pad.length}`, render: () => [text] };
      expect(outputText((await missing(ctx, { renderer })).chunks)).toBe(text);
      const warm = await missing(ctx, { renderer, bytes: true });
      expect(warm.source).toBe('cache');
      const chunks = [...warm.chunks];
      expect(chunks.length).toBe(2);
      expect(chunks.every((c) => c instanceof Uint8Array)).toBe(true);
      expect(outputText(chunks)).toBe(text);
      // A library caller that did not ask for bytes gets text, as from a run.
      const asText = [...(await missing(ctx, { renderer })).chunks];
      expect(asText.every((c) => typeof c === 'string')).toBe(true);
      expect(asText.join('')).toBe(text);
    }
  });

  it('the CLI in-process: a warm run replays bytes, and a writer that takes only text gets the same text', async () => {
    const args = ['missing', '--json=pretty'];
    const result = join(s.r.dir, '.git', 'trellis', 'result');
    rmSync(result, { force: true });
    const cold = await trellis(args, { cwd: s.r.dir, env: s.r.env, now: NOW });
    // the cold run left its output in the result cache, which the warm run replays
    expect(existsSync(result)).toBe(true);
    const warm = await trellis(args, { cwd: s.r.dir, env: s.r.env, now: NOW });
    expect(cold.stdout.length).toBeGreaterThan(1000);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.code).toBe(cold.code);
  });

  it('checks the request like the CLI: an unknown line and a --since starting with "-" are usage errors', async () => {
    await expect(missing(ctx, { lines: ['9.9'] })).rejects.toMatchObject({ code: 'usage', exitCode: 2 });
    await expect(missing(ctx, { since: '--all' })).rejects.toMatchObject({ code: 'usage', exitCode: 2 });
  });
});

describe('forcing a garbage collection is the entry point’s choice', () => {
  it('no library code switches V8 flags: only src/cli/ may use node:v8 or node:vm', () => {
    const root = fileURLToPath(new URL('../../src', import.meta.url));
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /from 'node:(v8|vm)'|setFlagsFromString/.test(readFileSync(p, 'utf8')))
          offenders.push(relative(root, p));
      }
    };
    walk(root);
    expect(offenders.filter((p) => !p.startsWith('cli/'))).toEqual([]);
  });
});
