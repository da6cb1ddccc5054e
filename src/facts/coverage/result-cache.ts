/** The result cache of `trellis missing`: the last run's whole output, replayed when nothing it depends on changed. */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache-files.js';

/**
 * The whole output of a run (`trellis missing`), keyed by a hash of everything the output
 * depends on (see `resultKey` in app/missing.ts): a warm run with nothing changed reads refs, finds
 * the key and copies the file to standard output, without walking history (see {@link ResultReplay}).
 *
 * File: `trellis-result <format> <key>\n<output bytes>#end <exit code> <sha256 of all bytes
 * before "#end">\n`. One file (the last run's): a run with another key overwrites it. Replaying
 * checks the header and the checksum in a first pass over the file, and only then copies it
 * (a second pass, from the same open file, so a rename by a concurrent run cannot mix two
 * files); memory stays one read buffer whatever the output's size. Written like the other
 * caches: a temporary file renamed over the old one.
 */
export const RESULT_FORMAT = 1;

function lstatSyncOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** True when `path` is a directory itself (not a link to one). */
function realDirSync(path: string): boolean {
  return lstatSyncOrNull(path)?.isDirectory() === true;
}
const CHUNK = 1 << 20;

export class ResultCache {
  private readonly hash = createHash('sha256');
  private fd: number | null = null;
  private failed = false;

  private constructor(
    private readonly file: string,
    private readonly tmp: string,
  ) {}

  private static fileOf(commonDir: string): string {
    return join(cacheDir(commonDir), 'result');
  }

  /**
   * The cached output for `key` when the file is for that key and intact (header and checksum
   * checked in a first pass), else null. The file stays open until {@link ResultReplay.chunks}
   * has been read to the end (or stopped) or {@link ResultReplay.close} is called.
   */
  static find(commonDir: string, key: string): ResultReplay | null {
    let fd: number;
    try {
      if (!realDirSync(cacheDir(commonDir))) return null;
      // Never a FIFO (would hang), a device or a link (a link to /dev/zero never ends).
      fd = openSync(ResultCache.fileOf(commonDir), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      if (!fstatSync(fd).isFile()) {
        closeSync(fd);
        return null;
      }
    } catch {
      return null;
    }
    let found: { header: number; end: number; exitCode: number } | null = null;
    try {
      found = check(fd, key);
    } catch {
      found = null;
    } finally {
      if (!found) closeSync(fd);
    }
    return found ? new ResultReplay(fd, found.header, found.end, found.exitCode) : null;
  }

  /** Starts recording the output of a run for `key` (nothing is visible until {@link finish}). */
  static record(commonDir: string, key: string): ResultCache {
    const file = ResultCache.fileOf(commonDir);
    const c = new ResultCache(file, `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    c.add(`trellis-result ${RESULT_FORMAT} ${key}\n`);
    return c;
  }

  /** Appends output. Failing to write (a read-only repository) only disables the cache. */
  add(text: string): void {
    if (this.failed) return;
    try {
      if (this.fd === null) {
        const dir = join(this.file, '..');
        if (!realDirSync(dir)) {
          if (existsSync(dir) || lstatSyncOrNull(dir)) throw new Error(`${dir} is not a real folder`);
          mkdirSync(dir, { recursive: true });
        }
        this.fd = openSync(this.tmp, 'wx');
      }
      // Strings straight to the hash and the file: no Buffer per chunk (a 150 MB JSON output
      // would pass through as many short-lived buffers outside the heap).
      this.hash.update(text, 'utf8');
      writeSync(this.fd, text);
    } catch {
      this.abandon();
    }
  }

  /** Seals the file with the exit code and checksum and renames it into place. */
  finish(exitCode: number): void {
    if (this.failed || this.fd === null) return;
    try {
      writeSync(this.fd, `#end ${exitCode} ${this.hash.digest('hex')}\n`);
      closeSync(this.fd);
      this.fd = null;
      renameSync(this.tmp, this.file);
    } catch {
      this.abandon();
    }
  }

  /** Drops the temporary file (an error or an interrupted run). */
  abandon(): void {
    this.failed = true;
    try {
      if (this.fd !== null) closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = null;
    try {
      rmSync(this.tmp, { force: true });
    } catch {
      // no folder to remove it from (.git/trellis is not a folder)
    }
  }
}

/** Checks a result file (first pass): where its output starts and ends and its exit code, or null when it is not for `key` or not intact. */
function check(fd: number, key: string): { header: number; end: number; exitCode: number } | null {
  const size = fstatSync(fd).size;
  const header = `trellis-result ${RESULT_FORMAT} ${key}\n`;
  const head = Buffer.alloc(header.length);
  if (size < header.length + 80 || readSync(fd, head, 0, head.length, 0) !== head.length || head.toString('latin1') !== header) return null;
  const tailLen = Math.min(size, 128);
  const tail = Buffer.alloc(tailLen);
  readSync(fd, tail, 0, tailLen, size - tailLen);
  const tailText = tail.toString('latin1');
  const at = tailText.lastIndexOf('#end ');
  const m = at < 0 ? null : /^#end (\d+) ([0-9a-f]{64})\n$/.exec(tailText.slice(at));
  if (!m) return null;
  const end = size - (tailLen - at);
  const buf = Buffer.allocUnsafe(CHUNK);
  const h = createHash('sha256');
  for (let pos = 0; pos < end;) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, end - pos), pos);
    if (n <= 0) return null;
    h.update(buf.subarray(0, n));
    pos += n;
  }
  if (h.digest('hex') !== m[2]) return null;
  return { header: header.length, end, exitCode: Number(m[1]) };
}

/**
 * A result file found intact for a key (see {@link ResultCache.find}): its exit code, and its
 * output copied from the same open file it was checked in (second pass), so a rename by a
 * concurrent run cannot mix two files; memory stays one read buffer whatever the output's size.
 */
export class ResultReplay {
  private open = true;

  constructor(
    private readonly fd: number,
    private readonly start: number,
    private readonly end: number,
    readonly exitCode: number,
  ) {}

  /**
   * The output as it was written (UTF-8), a megabyte at a time; closes the file when done or
   * stopped. Read it once. Bytes, not text: a warm run copies the file to standard output, and
   * decoding 7 MB of matrix into strings and encoding it back cost a tenth of the run.
   */
  *chunks(): Generator<Uint8Array> {
    if (!this.open) return;
    try {
      for (let pos = this.start; pos < this.end;) {
        // a buffer per chunk: the writer may still hold the last one
        const buf = Buffer.allocUnsafe(Math.min(CHUNK, this.end - pos));
        const n = readSync(this.fd, buf, 0, buf.length, pos);
        if (n <= 0) break;
        yield n === buf.length ? buf : buf.subarray(0, n);
        pos += n;
      }
    } finally {
      this.close();
    }
  }

  /** The output as text, decoded as it is read (a character cut between two reads comes out whole). Read it once. */
  *text(): Generator<string> {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    for (const bytes of this.chunks()) {
      const t = decoder.decode(bytes, { stream: true });
      if (t !== '') yield t;
    }
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  }

  /** Closes the file without reading it (when the output is not wanted after all). */
  close(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
  }
}
