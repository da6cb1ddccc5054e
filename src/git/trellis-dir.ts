/**
 * `<common git dir>/trellis/`: the one folder of `.git` Trellis writes on its own (state, caches,
 * its transaction lock, temporary files). Everything written there goes through these checks:
 * the folder must be a real directory (not a symbolic link, which would have every write go
 * elsewhere, nor a file), and files are read only when they are regular files of a bounded
 * size (a FIFO would hang the read, a link to /dev/zero would never end).
 *
 * Temporary files and object folders live under `trellis/tmp/<what>-<pid>-<random>`, never in
 * $TMPDIR: a run killed before it removes them leaves them where the next run finds them, and
 * {@link cleanScratch} removes those of processes that are gone.
 */
import { lstat, mkdir, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TrellisError } from '../core/errors.js';

/** The folder (it may not exist yet). */
export function trellisDirOf(commonDir: string): string {
  return join(commonDir, 'trellis');
}

/** Throws unless `path` is absent or a real directory (not a link, file, FIFO…). */
export async function assertRealDir(path: string): Promise<boolean> {
  const st = await lstat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return null;
    throw e;
  });
  if (st === null) return false;
  if (st.isDirectory()) return true;
  const what = st.isSymbolicLink() ? 'a symbolic link' : st.isFile() ? 'a regular file' : 'not a directory';
  throw new TrellisError(
    'refused',
    `${path} is ${what}; Trellis keeps its state and caches in that folder and writes nowhere else: remove it (rm ${path}) and run again`,
    2,
  );
}

/** The folder, created when absent; refused when it is not a real directory. */
export async function ensureTrellisDir(commonDir: string, sub?: string): Promise<string> {
  const dir = trellisDirOf(commonDir);
  if (!(await assertRealDir(dir))) await mkdir(dir, { recursive: true });
  if (sub === undefined) return dir;
  const inner = join(dir, sub);
  if (!(await assertRealDir(inner))) await mkdir(inner, { recursive: true });
  return inner;
}

/** Largest file Trellis reads from its folder (its caches are a few MB on large histories). */
export const MAX_OWN_FILE = 256 * 1024 * 1024;

/**
 * Reads a file of Trellis's folder: `null` when absent or not a regular file (a FIFO, a device,
 * a symbolic link: never opened for reading) or larger than `max` bytes. The file is opened
 * with O_NOFOLLOW | O_NONBLOCK so a link or FIFO swapped in after the check is not followed or
 * waited on either.
 */
export async function readOwnFile(path: string, max = MAX_OWN_FILE): Promise<Buffer | null> {
  const { constants } = await import('node:fs');
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.size > max) return null;
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

/** True when a process with this id exists (EPERM: it exists but is someone else's). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Scratch folders older than this are removed even when their pid is in use (reused by another process). */
const SCRATCH_MAX_AGE_MS = 24 * 3600 * 1000;

/** A new empty folder `trellis/tmp/<prefix>-<pid>-<random>` for this process's temporary files. */
export async function makeScratch(commonDir: string, prefix: string): Promise<string> {
  const tmp = await ensureTrellisDir(commonDir, 'tmp');
  return mkdtemp(join(tmp, `${prefix}-${process.pid}-`));
}

/** Removes scratch folders left by processes that are gone; returns their names. */
export async function cleanScratch(commonDir: string, now = Date.now()): Promise<string[]> {
  const tmp = join(trellisDirOf(commonDir), 'tmp');
  if (!(await assertRealDir(trellisDirOf(commonDir))) || !(await assertRealDir(tmp))) return [];
  const removed: string[] = [];
  for (const name of await readdir(tmp)) {
    const m = /-(\d+)-[^-]*$/.exec(name);
    const pid = m ? Number(m[1]) : NaN;
    const st = await lstat(join(tmp, name)).catch(() => null);
    if (!st) continue;
    const stale = pid !== process.pid && (!pidAlive(pid) || now - st.mtimeMs > SCRATCH_MAX_AGE_MS);
    if (!stale) continue;
    await rm(join(tmp, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
