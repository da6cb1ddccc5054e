import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file under the work tree, plus .git's index, HEAD, stash and in-progress markers, byte
 * for byte (the index and HEAD also by mtime): equal snapshots before and after a command prove
 * it never touched the user's work tree, index or stash.
 */
export async function snapshotWorkTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (p !== join(dir, '.git')) await walk(p);
      } else
        out.set(
          p,
          createHash('sha1')
            .update(await readFile(p))
            .digest('hex'),
        );
    }
  };
  await walk(dir);
  for (const f of ['index', 'HEAD', 'refs/stash', 'CHERRY_PICK_HEAD', 'MERGE_HEAD']) {
    const p = join(dir, '.git', f);
    const s = await stat(p).catch(() => null);
    out.set(
      `.git/${f}`,
      s
        ? createHash('sha1')
            .update(await readFile(p))
            .digest('hex') + String(s.mtimeMs)
        : 'absent',
    );
  }
  return out;
}
