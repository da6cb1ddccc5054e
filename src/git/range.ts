/**
 * The commits a coverage run looks at: where its lines forked (`merge-base --octopus`) and every
 * commit from the tips down to there (`rev-list --topo-order --parents`), parsed into the core's
 * {@link RangeGraph}.
 */
import type { RangeGraph } from '../core/coverage/graph.js';
import type { GitBase } from './base.js';

/** The best common ancestor of all `commits` (`git merge-base --octopus`), or null when they share none. */
export async function octopusMergeBase(git: GitBase, commits: readonly string[]): Promise<string | null> {
  const out = await git.run(['merge-base', '--octopus', ...commits], { okExitCodes: [0, 1] });
  const base = out.stdout.toString('utf8').trim();
  return base === '' ? null : base;
}

/**
 * Every commit reachable from `tips` but not from `exclude` (and, with `since`, committed on or
 * after that date), children before parents, with their parents: one
 * `git rev-list --topo-order --parents --stdin`. The output (megabytes) is not kept once parsed.
 */
export async function readRangeGraph(
  git: GitBase,
  range: { tips: readonly string[]; exclude: readonly string[]; since?: string | null },
): Promise<RangeGraph> {
  const args = ['rev-list', '--topo-order', '--parents'];
  if (range.since) args.push(`--since=${range.since}`);
  args.push('--stdin');
  const input = [...new Set(range.tips), ...range.exclude.map((e) => `^${e}`)].join('\n') + '\n';
  return parseRevList((await git.run(args, { input })).stdout);
}

/** Parses `git rev-list --parents` output (one `<oid> <parent>...` per line), text or bytes. */
export function parseRevList(out: string | Uint8Array): RangeGraph {
  const buf = typeof out === 'string' ? Buffer.from(out, 'latin1') : Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  // Line starts and ends, then ids (copied out, so the output is not kept alive by them).
  const starts: number[] = [];
  for (let pos = 0; pos < buf.length;) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0) nl = buf.length;
    if (nl > pos) starts.push(pos, nl);
    pos = nl + 1;
  }
  const n = starts.length / 2;
  const oids: string[] = new Array(n);
  const index = new Map<string, number>();
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = starts[2 * i] as number;
    const e = starts[2 * i + 1] as number;
    let sp = buf.indexOf(32, a);
    if (sp < 0 || sp > e) sp = e;
    const oid = buf.toString('latin1', a, sp);
    oids[i] = oid;
    index.set(oid, i);
    ends[i] = sp;
  }
  const parentCounts = new Uint8Array(n);
  const parentStart = new Int32Array(n + 1);
  const firstParent = new Int32Array(n).fill(-1);
  let list = new Int32Array(Math.max(16, n + (n >>> 3)));
  let used = 0;
  for (let i = 0; i < n; i++) {
    parentStart[i] = used;
    const e = starts[2 * i + 1] as number;
    let count = 0;
    for (let pos = (ends[i] as number) + 1; pos < e;) {
      let sp = buf.indexOf(32, pos);
      if (sp < 0 || sp > e) sp = e;
      if (sp > pos) {
        count++;
        const j = index.get(buf.toString('latin1', pos, sp));
        if (j !== undefined && count === 1) firstParent[i] = j;
        if (j !== undefined) {
          if (used === list.length) {
            const grown = new Int32Array(list.length * 2);
            grown.set(list);
            list = grown;
          }
          list[used++] = j;
        }
      }
      pos = sp + 1;
    }
    parentCounts[i] = Math.min(255, count);
  }
  parentStart[n] = used;
  return { oids, parentStart, parentList: list.slice(0, used), index, parentCounts, firstParent };
}
