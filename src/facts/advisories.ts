/**
 * Advisory records in the work tree (`security.advisories`, default `.trellis/advisories/`, one
 * `<ID>.json` per advisory): read and checked as a whole — invalid JSON, a record of the wrong
 * shape, an unknown severity, a commit that does not exist, an id or alias claimed twice — each
 * problem located at file:line:col (exit 2), so no command works from a half-valid set; and
 * written (the file only: committing is the user's choice).
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { namesOf, recordText, type AdvisoryRecord, type RecordProblem } from '../core/advisory/record.js';
import { MAX_RECORD_BYTES, parseRecordText } from '../core/advisory/record-text.js';
import { TrellisError } from '../core/errors.js';
import { formatProblem, locatePolicyMessages, type PolicyProblem } from '../core/policy/problems.js';
import type { Policy } from '../core/policy/schema.js';
import type { Git } from '../git/git.js';
import { recordsFolder } from './advisory-files.js';

/** One record as read. */
export interface AdvisoryFile {
  /** Path from the repository's root (`.trellis/advisories/CVE-2026-1234.json`). */
  file: string;
  record: AdvisoryRecord;
}

export interface AdvisorySet {
  /** The folder, absolute; null in a bare repository (no work tree, no records). */
  folder: string | null;
  /** The folder from the repository's root, as the policy names it. */
  folderName: string;
  records: AdvisoryFile[];
}

/** The records folder of the policy, absolute (null without a work tree). Refuses a folder outside the repository. */
export function advisoriesFolder(git: Git, policy: Policy): string | null {
  const folder = recordsFolder(git, policy);
  if (folder === 'outside')
    throw new TrellisError('policy', `security.advisories '${policy.security.advisories}' is outside the repository`, 2);
  return folder;
}

/** Every record, checked (see the module's comment); throws `bad-input` (exit 2) at the first problem. */
export async function readAdvisories(git: Git, policy: Policy): Promise<AdvisorySet> {
  const folder = advisoriesFolder(git, policy);
  const folderName = policy.security.advisories;
  if (folder === null) return { folder, folderName, records: [] };
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const problems: PolicyProblem[] = [];
  const read: Array<AdvisoryFile & { text: string }> = [];
  for (const name of names) {
    const file = relative(git.workTree as string, join(folder, name))
      .split(sep)
      .join('/');
    const text = await readRecordFile(join(folder, name), file, problems);
    if (text === null) continue;
    const parsed = parseRecordText(text, file, name.slice(0, -'.json'.length));
    if ('problems' in parsed) problems.push(...parsed.problems);
    else read.push({ file, text, record: parsed.record });
  }
  problems.push(...clashes(read));
  if (problems.length === 0) problems.push(...(await missingCommits(git, read)));
  if (problems.length > 0) throw recordsError(problems);
  return { folder, folderName, records: read.map(({ file, record }) => ({ file, record })) };
}

/** The error for located problems: the first one, and how many more. */
export function recordsError(problems: readonly PolicyProblem[]): TrellisError {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new TrellisError('bad-input', `${formatProblem(problems[0] as PolicyProblem)}${more}`, 2, problems);
}

/**
 * A record file's text; null (and a problem at 1:1) when it is not a regular file (a FIFO would
 * hang the read, a device never end) or is larger than any record (read only up to the limit).
 */
async function readRecordFile(path: string, file: string, problems: PolicyProblem[]): Promise<string | null> {
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => e.code ?? 'unreadable');
  const problem =
    typeof st === 'string'
      ? `cannot be read (${st})`
      : !st.isFile()
        ? 'not a regular file'
        : st.size > MAX_RECORD_BYTES
          ? `the record is ${st.size} bytes long; at most ${MAX_RECORD_BYTES}`
          : null;
  if (problem !== null) {
    problems.push({ file, line: 1, col: 1, message: problem, path: '' });
    return null;
  }
  return readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    problems.push({ file, line: 1, col: 1, message: `cannot be read (${e.code ?? 'unreadable'})`, path: '' });
    return null;
  });
}

/** An id or alias claimed by two records (the later file's claim is the problem). */
function clashes(read: ReadonlyArray<AdvisoryFile & { text: string }>): PolicyProblem[] {
  const owner = new Map<string, string>();
  const out: PolicyProblem[] = [];
  for (const r of read) {
    namesOf(r.record).forEach((n, i) => {
      const key = n.toUpperCase();
      const prior = owner.get(key);
      if (prior !== undefined && prior !== r.record.id) {
        const path: RecordProblem['path'] = i === 0 ? ['id'] : ['aliases', i - 1];
        out.push(...locatePolicyMessages(r.text, r.file, [{ path, message: `'${n}' is already the id or an alias of ${prior}` }]));
      } else owner.set(key, r.record.id);
    });
  }
  return out;
}

/** Introducing and fixing commits that the repository does not have. */
async function missingCommits(git: Git, read: ReadonlyArray<AdvisoryFile & { text: string }>): Promise<PolicyProblem[]> {
  const all = read.flatMap((r) => [
    ...(r.record.database_specific.introduced ? [r.record.database_specific.introduced] : []),
    ...r.record.database_specific.fixes,
  ]);
  const known = await git.revParse(all, { peel: 'commit', allowMissing: true });
  const out: PolicyProblem[] = [];
  for (const r of read) {
    const ds = r.record.database_specific;
    const items: RecordProblem[] = [];
    if (ds.introduced && !known.has(ds.introduced))
      items.push({ path: ['database_specific', 'introduced'], message: `no such commit ${ds.introduced}` });
    ds.fixes.forEach((f, i) =>
      known.has(f) ? null : items.push({ path: ['database_specific', 'fixes', i], message: `no such commit ${f}` }),
    );
    out.push(...locatePolicyMessages(r.text, r.file, items));
  }
  return out;
}

/** Writes a record's file (creating the folder), atomically (a temporary file renamed over it). */
export async function writeAdvisory(folder: string, record: AdvisoryRecord): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, `${record.id}.json`);
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, recordText(record));
  await rename(tmp, path);
  return path;
}
