/**
 * Dry runs that write objects (a backport's picks, a git-flow merge's tree) write them into a
 * scratch object folder under `.git/trellis/tmp/`, which borrows the repository's own objects as
 * an alternate: the repository's `.git/objects` gets nothing, and the folder is removed after the
 * run (or by the next run's cleanup when the process was killed).
 */
import { rm } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { Git } from './git.js';
import { makeScratch } from './trellis-dir.js';

/** Runs `fn` with a view of the repository whose new objects go to a scratch folder. */
export async function withScratchObjects<T>(git: Git, fn: (scratch: Git) => Promise<T>): Promise<T> {
  const dir = await makeScratch(git.commonDir, 'dry-run');
  try {
    const env = git.runner.env();
    const own = join(git.commonDir, 'objects');
    const alternates = env.GIT_ALTERNATE_OBJECT_DIRECTORIES ? `${own}${delimiter}${env.GIT_ALTERNATE_OBJECT_DIRECTORIES}` : own;
    const scratch = await Git.open(git.workTree ?? git.gitDir, {
      env: { ...env, GIT_OBJECT_DIRECTORY: dir, GIT_ALTERNATE_OBJECT_DIRECTORIES: alternates },
      gitPath: git.runner.gitPath,
      stats: git.stats,
    });
    return await fn(scratch);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
