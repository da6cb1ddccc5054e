/**
 * A long-lived `git cat-file --batch` session: many objects through one process. Requests are
 * answered in order, so a FIFO of pending promises is matched against the output stream.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { TrellisError } from '../core/errors.js';
import { assertSafeRevision } from '../core/refname.js';
import { spawnFailure, type GitRunner } from './run.js';

/** One object read from the database. */
export interface GitObject {
  oid: string;
  /** `commit`, `tree`, `blob` or `tag`. */
  type: string;
  size: number;
  content: Buffer;
}

interface Pending {
  name: string;
  resolve: (o: GitObject | null) => void;
  reject: (e: Error) => void;
}

/**
 * Reads objects by name (`<oid>`, `<rev>:<path>`, `v1^{commit}`) through one `cat-file --batch`.
 * Unknown names give `null`. Call {@link close} when done (pending reads still complete).
 */
export class CatFileSession {
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly queue: Pending[] = [];
  private buf: Buffer = Buffer.alloc(0);
  private chunks: Buffer[] = [];
  /** Bytes in {@link chunks}. */
  private pending = 0;
  /** Bytes still missing for the object at the head of the queue (0: parse every chunk). */
  private needed = 0;
  private failed: Error | null = null;
  private stderr = '';

  constructor(private readonly runner: GitRunner) {}

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = this.runner.spawn(['cat-file', '--batch']);
    child.stdout.on('data', (b: Buffer) => this.onData(b));
    child.stderr.on('data', (b: Buffer) => (this.stderr += b.toString('utf8')));
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => this.fail(spawnFailure(e, this.runner.gitPath)));
    child.on('close', (code) => {
      if (this.queue.length > 0) {
        this.fail(new TrellisError('git', `git cat-file exited early (${code}): ${this.stderr.trim()}`, 2));
      }
    });
    this.child = child;
    return child;
  }

  private fail(e: Error): void {
    this.failed = e;
    for (const p of this.queue.splice(0)) p.reject(e);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.pending += chunk.length;
    // While a large object is still arriving, only count bytes (no copying per chunk).
    if (this.pending < this.needed) return;
    this.buf = Buffer.concat([this.buf, ...this.chunks]);
    this.chunks = [];
    this.pending = 0;
    this.needed = 0;
    for (;;) {
      const head = this.queue[0];
      if (!head) return;
      const nl = this.buf.indexOf(10);
      if (nl < 0) return;
      const header = this.buf.subarray(0, nl).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buf = this.buf.subarray(nl + 1);
        this.queue.shift();
        head.resolve(null);
        continue;
      }
      const m = /^([0-9a-f]+) (\S+) (\d+)$/.exec(header);
      if (!m) {
        this.fail(new TrellisError('git', `git cat-file: unexpected output '${header}'`, 2));
        return;
      }
      const size = Number(m[3]);
      if (this.buf.length < nl + 1 + size + 1) {
        this.needed = nl + 1 + size + 1 - this.buf.length;
        return;
      }
      const content = Buffer.from(this.buf.subarray(nl + 1, nl + 1 + size));
      this.buf = this.buf.subarray(nl + 1 + size + 1);
      this.queue.shift();
      head.resolve({ oid: m[1] ?? '', type: m[2] ?? '', size, content });
    }
  }

  /** Reads one object; `null` when the name does not resolve. */
  read(name: string): Promise<GitObject | null> {
    assertSafeRevision(name);
    if (this.failed) return Promise.reject(this.failed);
    const child = this.start();
    return new Promise<GitObject | null>((resolve, reject) => {
      this.queue.push({ name, resolve, reject });
      child.stdin.write(`${name}\n`);
    });
  }

  /** Reads many objects (pipelined); the result is in the order of `names`. */
  readMany(names: readonly string[]): Promise<Array<GitObject | null>> {
    return Promise.all(names.map((n) => this.read(n)));
  }

  /** Reads many objects, then ends the session. */
  async readAndClose(names: readonly string[]): Promise<Array<GitObject | null>> {
    try {
      return await this.readMany(names);
    } finally {
      this.close();
    }
  }

  /** Ends the session; reads already asked for still complete. */
  close(): void {
    this.child?.stdin.end();
  }
}
