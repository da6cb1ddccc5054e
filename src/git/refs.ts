/** Reading all branches and tags with their dates in one `git for-each-ref`. */
import type { GitBase as Git } from './base.js';

/** The kind of a ref, from its namespace. */
export type RefKind = 'branch' | 'tag' | 'remote' | 'other';

/** A person and a moment, as git records them. */
export interface Signature {
  name: string;
  email: string;
  /** ISO 8601 with the recorded offset (`2025-01-02T10:00:00+02:00`). */
  date: string;
}

/** One ref with what release lines need to know about it. */
export interface RefInfo {
  /** Full name (`refs/tags/v1.2.0`). */
  name: string;
  /** Name without its namespace (`v1.2.0`, `release-1.2.x`, `origin/main`). */
  shortName: string;
  kind: RefKind;
  /** The object the ref points at (a tag object for annotated tags). */
  oid: string;
  /** `commit`, `tag`, `tree` or `blob`. */
  objectType: string;
  /** The commit the ref finally points at (peeled through tags); `null` if it is not a commit. */
  commit: string | null;
  /** True for annotated (and signed) tags: the ref points at a tag object. */
  annotated: boolean;
  /**
   * When the ref's object was made: the tagger date of an annotated tag, the committer date of
   * a commit (lightweight tags, branches). ISO 8601 with offset, or `null` if git has none.
   */
  date: string | null;
  /** The committer date of {@link commit}. */
  commitDate: string | null;
  /** The tagger of an annotated tag. */
  tagger: Signature | null;
  /** The tag message's subject for annotated tags, else the commit's subject. */
  subject: string;
  /** The subject of {@link commit}. */
  commitSubject: string;
  /** For a local branch with an upstream: the upstream's remote (`branch.<name>.remote`); else null. */
  upstreamRemote: string | null;
}

/** Options for {@link readRefs}. */
export interface RefsOptions {
  /** Include `refs/remotes/` (default false). */
  remotes?: boolean;
  /** Namespaces or full ref patterns to read instead of the defaults (`refs/heads`, `refs/tags`). */
  patterns?: string[];
}

const FIELDS = [
  '%(refname)',
  '%(objectname)',
  '%(objecttype)',
  '%(*objectname)',
  '%(*objecttype)',
  '%(creatordate:iso-strict)',
  '%(committerdate:iso-strict)',
  '%(*committerdate:iso-strict)',
  '%(taggername)',
  '%(taggeremail)',
  '%(taggerdate:iso-strict)',
  '%(subject)',
  '%(*subject)',
  '%(upstream:remotename)',
] as const;

/**
 * Reads refs in one `git for-each-ref` (plus one batched peel only when a tag points at another
 * tag). Fields are NUL-separated and records newline-terminated: neither can occur inside a ref
 * name or a one-line subject.
 */
export async function readRefs(git: Git, opts: RefsOptions = {}): Promise<RefInfo[]> {
  const patterns = opts.patterns ?? ['refs/heads', 'refs/tags', ...(opts.remotes ? ['refs/remotes'] : [])];
  const format = FIELDS.join('%00') + '%00';
  const out = await git.text(['for-each-ref', `--format=${format}`, '--', ...patterns]);
  const refs: RefInfo[] = [];
  const nested: RefInfo[] = [];
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const f = line.split('\0');
    const [name = '', oid = '', type = '', peeled = '', peeledType = '', creator = '', cdate = '', pcdate = ''] = f;
    const [tname = '', temail = '', tdate = '', subject = '', psubject = '', upstreamRemote = ''] = f.slice(8);
    if (name.startsWith('refs/remotes/') && name.endsWith('/HEAD')) {
      // `origin/HEAD` is a symbolic alias of another remote ref: not a line of its own.
      continue;
    }
    const annotated = type === 'tag';
    const ref: RefInfo = {
      name,
      shortName: shortRefName(name),
      kind: refKind(name),
      oid,
      objectType: type,
      commit: annotated ? (peeledType === 'commit' ? peeled : null) : type === 'commit' ? oid : null,
      annotated,
      date: creator || null,
      commitDate: (annotated ? pcdate : cdate) || null,
      tagger: annotated && tname !== '' ? { name: tname, email: stripAngles(temail), date: tdate } : null,
      subject,
      commitSubject: annotated ? psubject : subject,
      upstreamRemote: upstreamRemote || null,
    };
    if (annotated && peeledType === 'tag') nested.push(ref);
    refs.push(ref);
  }
  if (nested.length > 0) {
    // A tag of a tag: `%(*objectname)` peels once only; peel the rest in one batch.
    const cat = git.catFile();
    try {
      const peeledCommits = await git.revParse(
        nested.map((r) => `${r.oid}^{commit}`),
        { allowMissing: true },
      );
      const infos = await Promise.all(
        nested.map((r) => {
          const c = peeledCommits.get(`${r.oid}^{commit}`);
          return c ? cat.read(c) : Promise.resolve(null);
        }),
      );
      nested.forEach((r, i) => {
        const c = peeledCommits.get(`${r.oid}^{commit}`) ?? null;
        r.commit = c;
        const body = infos[i]?.content.toString('utf8') ?? '';
        const committer = /^committer .* (\d+) ([+-]\d{4})$/m.exec(body);
        r.commitDate = committer ? rawDateToIso(Number(committer[1]), committer[2] ?? '+0000') : null;
        const msg = body.slice(body.indexOf('\n\n') + 2);
        r.commitSubject = subjectOf(msg);
      });
    } finally {
      cat.close();
    }
  }
  return refs;
}

/** `refs/heads/x` → `x`, `refs/tags/v1` → `v1`, `refs/remotes/o/x` → `o/x`. */
export function shortRefName(name: string): string {
  return name.replace(/^refs\/(heads|tags|remotes)\//, '');
}

/** The kind of a full ref name. */
export function refKind(name: string): RefKind {
  if (name.startsWith('refs/heads/')) return 'branch';
  if (name.startsWith('refs/tags/')) return 'tag';
  if (name.startsWith('refs/remotes/')) return 'remote';
  return 'other';
}

function stripAngles(s: string): string {
  return s.replace(/^<(.*)>$/, '$1');
}

/** The subject as git's `%s` shows it: the first paragraph joined into one line. */
export function subjectOf(message: string): string {
  const trimmed = message.replace(/^\n+/, '');
  const para = trimmed.split(/\n[ \t]*\n/)[0] ?? '';
  return para
    .split('\n')
    .map((l) => l.trim())
    .join(' ')
    .trim();
}

/** A git raw date (`1735776000 +0200`) as ISO 8601 with that offset, like `%cI`. */
export function rawDateToIso(seconds: number, tz: string): string {
  const m = /^([+-])(\d\d)(\d\d)$/.exec(tz);
  const sign = m?.[1] === '-' ? -1 : 1;
  const offMin = m ? sign * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date((seconds + offMin * 60) * 1000).toISOString().replace(/\.\d{3}Z$/, '');
  const off = m ? `${m[1]}${m[2]}:${m[3]}` : '+00:00';
  return `${local}${off}`;
}
