/**
 * Caches under `.git/trellis/` (in the common git dir, shared by all worktrees), keyed by
 * commit id: a commit never changes, so neither does its patch-id or what its message says.
 *
 * File format (text, one record per line):
 *
 *     trellis-cache <format> <name> <params>
 *     <key>\t<value>
 *     ...
 *     #sha256 <hex digest of every byte above this line>
 *
 * - A file whose header is not exactly ours (another format version, another cache, other
 *   parameters such as the policy's trailer keys) or whose checksum does not match (a torn or
 *   edited file) is not trusted: the run starts from an empty cache and writes a fresh one.
 * - Writes go to a temporary file in the same folder that is then renamed over the cache:
 *   rename is atomic, so two runs at once each leave a complete file (the last one wins) and a
 *   reader never sees half a file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { assertRealDir, readOwnFile } from '../../git/index.js';
import { join } from 'node:path';

/** Bump when the record encoding changes: older files are then rebuilt. */
export const CACHE_FORMAT = 1;

/** How a cache was found when opened. */
export type CacheLoad = 'ok' | 'missing' | 'rebuilt';

/** Characters of cache records written at a time (see {@link RecordCache.save}). */
const PIECE = 1 << 16;

/** A key → one-line value store backed by one file. */
export class RecordCache {
  /** Records added since the cache was opened (what makes {@link save} write). */
  private added = 0;

  private constructor(
    readonly file: string,
    private readonly header: string,
    readonly records: Map<string, string>,
    /** How the file was found: fine, absent, or not trusted (then why). */
    readonly load: CacheLoad,
    readonly problem: string | null,
  ) {}

  /** Opens `<dir>/<name>`; never throws for a missing, foreign or corrupt file. */
  static async open(dir: string, name: string, params: string): Promise<RecordCache> {
    const file = join(dir, name);
    const header = `trellis-cache ${CACHE_FORMAT} ${name} ${params}`;
    let text: string;
    try {
      // Only a regular file in a real folder is read (a FIFO would hang, a link to /dev/zero
      // never end, a linked folder be written through); anything else reads as no cache.
      await assertRealDir(dir);
      const buf = await readOwnFile(file);
      if (buf === null) return new RecordCache(file, header, new Map(), 'missing', null);
      text = buf.toString('utf8');
    } catch {
      return new RecordCache(file, header, new Map(), 'missing', null);
    }
    const parsed = parse(text, header);
    if (typeof parsed === 'string') return new RecordCache(file, header, new Map(), 'rebuilt', parsed);
    return new RecordCache(file, header, parsed, 'ok', null);
  }

  get size(): number {
    return this.records.size;
  }

  get(key: string): string | undefined {
    return this.records.get(key);
  }

  set(key: string, value: string): void {
    if (/[\t\n]/.test(key) || value.includes('\n')) throw new Error(`cache record for '${key}' holds a tab or newline`);
    if (this.records.get(key) === value) return;
    this.records.set(key, value);
    this.added++;
  }

  /** Drops a record (to be written again from {@link save}'s `extra`); true when there was one. */
  delete(key: string): boolean {
    if (!this.records.delete(key)) return false;
    this.added++;
    return true;
  }

  /**
   * Drops every record from memory (after {@link save}, when the run no longer reads the
   * cache): a long range's facts cache is one string per commit and a map of them. The cache
   * reads as empty afterwards, the file is untouched, and a later {@link save} writes nothing
   * (it would write an empty cache).
   */
  release(): void {
    this.records.clear();
    this.added = 0;
    this.released = true;
  }

  private released = false;

  /** True when there is something to write. */
  get dirty(): boolean {
    return this.added > 0 || this.load === 'rebuilt';
  }

  /**
   * Writes the cache atomically when it changed (or was rebuilt): its records, then `extra`
   * (records made only now, for keys it does not hold). Written in pieces with the checksum
   * computed as it goes, so a large cache is never one string in memory. Failing to write is
   * not an error.
   */
  async save(extra?: { count: number; entries: () => Iterable<[string, string]> }): Promise<boolean> {
    if (this.released || (!this.dirty && !(extra && extra.count > 0))) return false;
    const dir = join(this.file, '..');
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    let fd: FileHandle | null = null;
    try {
      // Refused (no cache written) when the folder is a link or a file; a FIFO or link at the
      // cache's own path is replaced by the rename below, never written through.
      if (!(await assertRealDir(dir))) await mkdir(dir, { recursive: true });
      fd = await open(tmp, 'wx');
      const hash = createHash('sha256');
      let buf = `${this.header}\n`;
      const flush = async (): Promise<void> => {
        const b = Buffer.from(buf, 'utf8');
        hash.update(b);
        await (fd as FileHandle).write(b);
        buf = '';
      };
      // Small pieces (64 KiB): a piece is garbage before the next young-generation collection.
      // A larger one (1 MiB was tried: 7,000 records in one rope) lives long enough to be
      // promoted, and the facts cache of a long range (14 MB) then piles up in the old
      // generation as the run's memory peaks (about 8 MB of peak RSS on the bench history).
      const add = (k: string, v: string): boolean => {
        if (/[\t\n]/.test(k) || v.includes('\n')) throw new Error(`cache record for '${k}' holds a tab or newline`);
        buf += `${k}\t${v}\n`;
        return buf.length > PIECE;
      };
      for (const [k, v] of this.records) if (add(k, v)) await flush();
      if (extra) for (const [k, v] of extra.entries()) if (add(k, v)) await flush();
      await flush();
      await fd.write(`#sha256 ${hash.digest('hex')}\n`);
      await fd.close();
      fd = null;
      await rename(tmp, this.file);
      this.added = 0;
      return true;
    } catch {
      // A read-only repository still gets its answer; only the next run is slower.
      await fd?.close().catch(() => undefined);
      await rm(tmp, { force: true }).catch(() => undefined);
      return false;
    }
  }
}

/** The records of a cache file, or why it is not trusted. */
function parse(text: string, header: string): Map<string, string> | string {
  const firstNl = text.indexOf('\n');
  if (firstNl < 0 || text.slice(0, firstNl) !== header) return 'foreign or outdated header';
  if (!text.endsWith('\n')) return 'truncated';
  const lastNl = text.lastIndexOf('\n', text.length - 2);
  const sumLine = text.slice(lastNl + 1, -1);
  const body = text.slice(0, lastNl + 1);
  const m = /^#sha256 ([0-9a-f]{64})$/.exec(sumLine);
  if (!m) return 'no checksum';
  if (createHash('sha256').update(body).digest('hex') !== m[1]) return 'checksum mismatch';
  const records = new Map<string, string>();
  let pos = firstNl + 1;
  const end = body.length;
  while (pos < end) {
    const nl = body.indexOf('\n', pos);
    const tab = body.indexOf('\t', pos);
    if (tab < 0 || tab > nl) return 'malformed record';
    records.set(body.slice(pos, tab), body.slice(tab + 1, nl));
    pos = nl + 1;
  }
  return records;
}

/** The folder of Trellis's caches for a repository: `<common git dir>/trellis`. */
export function cacheDir(commonDir: string): string {
  return join(commonDir, 'trellis');
}

/** Patch-ids by commit id: `<patch-id>`, or `-` for a commit without one (merge, empty diff). */
export class PatchIdCache {
  private constructor(readonly store: RecordCache) {}

  static async open(commonDir: string): Promise<PatchIdCache> {
    return new PatchIdCache(await RecordCache.open(cacheDir(commonDir), 'patch-ids', 'stable'));
  }

  /** The cached patch-id (null: the commit has none), or undefined when not cached. */
  get(oid: string): string | null | undefined {
    const v = this.store.get(oid);
    return v === undefined ? undefined : v === '-' ? null : v;
  }

  set(oid: string, pid: string | null): void {
    this.store.set(oid, pid ?? '-');
  }

  save(): Promise<boolean> {
    return this.store.save();
  }

  /** Drops the records from memory (after {@link save}); see {@link RecordCache.release}. */
  release(): void {
    this.store.release();
  }
}
