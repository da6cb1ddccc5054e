/**
 * Annotated tag objects, signed or not, written without changing a ref: the tag ref then joins
 * one transaction with the branch updates of the same release.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TrellisError } from '../core/errors.js';
import { tagRef } from '../core/refname.js';
import type { GitBase as Git } from './base.js';
import { makeScratch } from './trellis-dir.js';
import { writeAnnotatedTag } from './transaction.js';

/** A tag object to write: `sign` is false, true (git's configured format), `gpg` or `ssh`. */
export interface TagObjectOptions {
  name: string;
  target: string;
  message: string;
  sign: boolean | 'gpg' | 'ssh';
}

/**
 * An annotated tag object (no ref). Signed tags are made by git itself (`git tag -s`, so
 * `git tag -v` verifies them with the user's GPG or SSH setup) in a scratch repository that
 * borrows this repository's objects through `objects/info/alternates` and has refs of its own;
 * the signed object is then copied here. That keeps the tag ref out of git's hands so it joins
 * the one transaction with the branch updates.
 */
export async function writeTagObject(git: Git, opts: TagObjectOptions): Promise<string> {
  if (opts.sign === false) return writeAnnotatedTag(git, { name: opts.name, target: opts.target, message: opts.message });
  tagRef(opts.name);
  const scratch = await makeScratch(git.commonDir, 'sign');
  try {
    const dir = join(scratch, 'repo.git');
    await git.run(['init', '-q', '--bare', `--object-format=${git.objectFormat}`, dir]);
    await writeFile(join(dir, 'objects', 'info', 'alternates'), `${resolve(git.commonDir, 'objects')}\n`);
    const cfg = [...(await localSigningConfig(git))];
    if (opts.sign === 'gpg') cfg.push('-c', 'gpg.format=openpgp');
    if (opts.sign === 'ssh') cfg.push('-c', 'gpg.format=ssh');
    const target = await git.resolve(opts.target);
    await git.run([...cfg, 'tag', '-s', '-F', '-', '--', opts.name, target], { cwd: dir, input: opts.message });
    const oid = await git.line(['rev-parse', '--verify', `refs/tags/${opts.name}`], { cwd: dir });
    const body = (await git.run(['cat-file', 'tag', oid], { cwd: dir })).stdout;
    const copied = await git.line(['hash-object', '-t', 'tag', '-w', '--stdin'], { input: body });
    if (copied !== oid) throw new TrellisError('git', `signed tag object changed while copying (${oid} -> ${copied})`, 2);
    return oid;
  } catch (e) {
    if (e instanceof TrellisError && e.code === 'git') {
      throw new TrellisError('git', `could not sign tag ${opts.name}: ${e.message}`, 2);
    }
    throw e;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Repository-local settings (user.signingkey, gpg.format, ...) as `-c` options: the scratch repository does not read them. */
async function localSigningConfig(git: Git): Promise<string[]> {
  const local = await git.run(['config', '--local', '-z', '--get-regexp', '^(user|gpg|tag)\\.'], { okExitCodes: [0, 1] });
  const cfg: string[] = [];
  for (const entry of local.stdout.toString('utf8').split('\0')) {
    if (entry === '') continue;
    const nl = entry.indexOf('\n');
    cfg.push('-c', nl < 0 ? `${entry}=true` : `${entry.slice(0, nl)}=${entry.slice(nl + 1)}`);
  }
  return cfg;
}
