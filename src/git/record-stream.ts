/**
 * Streaming reads of git commands that take many commit ids on stdin and print one record per
 * commit (`log -z`, `diff-tree -z`, each with a format starting with `%x01`): ids go in a slice at
 * a time as git reads them, and records are parsed from the bytes as they arrive, so neither the
 * input list nor the output is ever one string or one buffer in Node. The plumbing of
 * commit-messages.ts and changed-paths.ts.
 */
import type { GitBase } from './base.js';
import { gitFailure, spawnFailure } from './run.js';

const SEP = Buffer.from([0, 1]);

/** The position of `byte` in `buf[start, end)`, or -1. */
export function indexIn(buf: Buffer, byte: number, start: number, end: number): number {
  const i = buf.indexOf(byte, start);
  return i < 0 || i >= end ? -1 : i;
}

/** NUL-terminated paths in `buf[start, end)`, each possibly preceded by a newline. */
export function splitPaths(buf: Buffer, start: number, end: number): string[] {
  const paths: string[] = [];
  let pos = start;
  while (pos < end) {
    if (buf[pos] === 0x0a) pos++;
    let z = indexIn(buf, 0, pos, end);
    if (z < 0) z = end;
    if (z > pos) paths.push(buf.toString('utf8', pos, z));
    pos = z + 1;
  }
  return paths;
}

/**
 * Runs git with `oids` on stdin and calls `record` for each record of its output: records
 * start with \x01 (the format's first byte) after a NUL. Parsed from the bytes as they
 * arrive; only an incomplete last record is carried over to the next chunk. An abort through
 * `signal` stops git and returns quietly.
 */
export async function streamRecords(
  git: GitBase,
  args: string[],
  oids: readonly string[],
  signal: AbortSignal | undefined,
  record: (buf: Buffer, start: number, end: number) => void,
): Promise<void> {
  const child = git.runner.spawn(args);
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    child.kill();
  };
  signal?.addEventListener('abort', stop, { once: true });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
  child.stdin.on('error', () => undefined);
  void writeLines(child.stdin, oids);
  const split = recordSplitter(record);
  child.stdout.on('data', (chunk: Buffer) => {
    if (!stopped) split.push(chunk);
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', (e) => reject(spawnFailure(e, git.runner.gitPath)));
    child.on('close', (c) => resolve(c ?? 1));
  });
  signal?.removeEventListener('abort', stop);
  if (stopped) return;
  if (code !== 0) throw gitFailure([args[0] as string], err, code);
  split.end();
}

/**
 * Writes ids to a process's stdin a slice at a time as it reads them (git reads `--stdin` as it
 * works): the whole list is never one string and one buffer waiting in Node. Stops quietly when
 * the process goes away.
 */
async function writeLines(stdin: NodeJS.WritableStream & { destroyed: boolean }, oids: readonly string[]): Promise<void> {
  const STEP = 1024;
  for (let k = 0; k < oids.length; k += STEP) {
    if (stdin.destroyed) return;
    const more = stdin.write(oids.slice(k, k + STEP).join('\n') + '\n');
    if (!more && !stdin.destroyed) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          stdin.removeListener('drain', done);
          stdin.removeListener('close', done);
          resolve();
        };
        stdin.once('drain', done);
        stdin.once('close', done);
      });
    }
  }
  if (!stdin.destroyed) stdin.end();
}

/**
 * Splits a stream of records that start with \x01 after a NUL (the first with \x01 alone) into
 * calls of `record(buf, start, end)`, parsed from the bytes as they arrive. Records are parsed in
 * the chunk they arrive in; only the record cut by a chunk's end is copied (concatenating every
 * chunk to the previous tail would copy the whole output once more, megabytes of short-lived
 * buffers outside the heap).
 */
export function recordSplitter(record: (buf: Buffer, start: number, end: number) => void): { push(chunk: Buffer): void; end(): void } {
  let tail: Buffer | null = null;
  const records = (buf: Buffer, end: number): void => {
    let pos = buf[0] === 1 ? 1 : 0;
    while (pos < end) {
      let next = buf.indexOf(SEP, pos);
      if (next < 0 || next >= end) next = end;
      record(buf, pos, next);
      pos = next + 2;
    }
  };
  return {
    push(chunk) {
      if (chunk.length === 0) return;
      let from = 0;
      if (tail) {
        if (tail[tail.length - 1] === 0 && chunk[0] === 1) {
          // The separator straddles the two chunks.
          records(tail, tail.length - 1);
        } else {
          const f = chunk.indexOf(SEP);
          if (f < 0) {
            tail = Buffer.concat([tail, chunk]);
            return;
          }
          const head = Buffer.concat([tail, chunk.subarray(0, f)]);
          records(head, head.length);
          from = f + 1;
        }
        tail = null;
      }
      const buf = from === 0 ? chunk : chunk.subarray(from);
      const cut = buf.lastIndexOf(SEP);
      if (cut < 0) {
        tail = Buffer.from(buf);
        return;
      }
      records(buf, cut);
      tail = Buffer.from(buf.subarray(cut + 1));
    },
    end() {
      const last = tail;
      tail = null;
      if (last && last.length > 0) records(last, last[last.length - 1] === 0 ? last.length - 1 : last.length);
    },
  };
}
