/**
 * The one policy reader. Where the policy is:
 * 1. `--policy FILE` (relative to the current directory) when given;
 * 2. else `.trellis.yml` at the root of the repository's work tree;
 * 3. else, in a bare repository, the file committed on HEAD;
 * 4. else (no repository: `trellis policy check` in a plain folder) `.trellis.yml` in the current directory.
 * No policy is a `not-found` error (exit 2) that suggests `trellis init`.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { TrellisError } from '../core/errors.js';
import { MAX_POLICY_BYTES } from '../core/policy/check-result.js';
import type { Policy } from '../core/policy/schema.js';
import type { Git } from '../git/index.js';

/** The policy file's name at the repository root. */
export const POLICY_FILE = '.trellis.yml';

/** A loaded policy and where it came from (for messages). */
export interface LoadedPolicy {
  policy: Policy;
  /** The file as shown in messages: relative to `cwd` when inside it. */
  file: string;
}

/** The policy's text and the name to show for it, found as the module comment says. */
export interface PolicyText {
  text: string;
  file: string;
}

/** Where to look: the repository (or null outside one), the current directory, `--policy`. */
export interface PolicyLocation {
  git: Git | null;
  cwd: string;
  file?: string | undefined;
}

/** Finds and reads the policy's text (no validation). */
export async function readPolicyText(at: PolicyLocation): Promise<PolicyText> {
  if (at.file !== undefined) {
    const path = resolve(at.cwd, at.file);
    const text = await readText(path, at.cwd);
    if (text === null) throw new TrellisError('not-found', `policy file ${at.file} not found`, 2);
    return { text, file: display(path, at.cwd) };
  }
  if (at.git?.bare || (at.git && at.git.workTree === null)) {
    const blob = await at.git.readFile('HEAD', POLICY_FILE).catch(() => null);
    if (blob === null) throw noPolicy(at.git.gitDir);
    return { text: blob.toString('utf8'), file: `HEAD:${POLICY_FILE}` };
  }
  const root = at.git?.workTree ?? resolve(at.cwd);
  const path = join(root, POLICY_FILE);
  const text = await readText(path, at.cwd);
  if (text === null) throw noPolicy(root);
  return { text, file: display(path, at.cwd) };
}

/** Finds, reads and validates the policy; any problem is a `policy` error (exit 2) at file:line:col. */
export async function readPolicy(at: PolicyLocation): Promise<LoadedPolicy> {
  const { text, file } = await readPolicyText(at);
  // The YAML parser and the schema's validator load with the first policy read that checks.
  const { loadPolicy } = await import('../core/policy/load.js');
  return { policy: loadPolicy(text, file), file };
}

function noPolicy(where: string): TrellisError {
  return new TrellisError(
    'not-found',
    `no policy file: ${POLICY_FILE} not found in ${where}; run 'trellis init' to write one (or pass --policy FILE)`,
    2,
  );
}

async function readText(path: string, cwd: string): Promise<string | null> {
  const st = await stat(path).catch(() => null);
  if (st === null) return null;
  if (st.isDirectory()) throw new TrellisError('bad-input', `${display(path, cwd)} is a folder, not a policy file`, 2);
  // A FIFO or device would hang or never end the read; a huge file is refused before it is read.
  if (!st.isFile()) throw new TrellisError('bad-input', `${display(path, cwd)} is not a regular file`, 2);
  if (st.size > MAX_POLICY_BYTES) {
    throw new TrellisError('policy', `${display(path, cwd)}:1:1: the policy is ${st.size} bytes long; at most ${MAX_POLICY_BYTES}`, 2);
  }
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new TrellisError('bad-input', `cannot read ${display(path, cwd)}: ${(e as Error).message}`, 2);
  }
}

/** The name to show for a path: relative to `cwd` when it is below it. */
export function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
