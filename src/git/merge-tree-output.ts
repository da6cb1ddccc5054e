/**
 * Reading what `git merge-tree --write-tree -z --messages` prints: the merged tree, the
 * conflicted paths with their stages, and git's messages, each conflict given a kind.
 */
import { TrellisError } from '../core/errors.js';

/** The kind of a conflict, from merge-tree's messages (or the stages when git says nothing). */
export type ConflictKind =
  | 'content'
  | 'add/add'
  | 'modify/delete'
  | 'rename/delete'
  | 'rename/rename'
  | 'rename/add'
  | 'binary'
  | 'file/directory'
  | 'distinct-modes'
  | 'submodule'
  | 'directory-rename'
  | 'other';

/** One conflicting path. */
export interface Conflict {
  path: string;
  kind: ConflictKind;
  /** git's own messages about this path (one line each). */
  messages: string[];
  /** The index stages merge-tree left for the path (1 base, 2 ours, 3 theirs). */
  stages: number[];
}

/** The parsed `-z` output of `merge-tree --write-tree --messages`. */
export interface MergeTreeOutput {
  tree: string;
  conflicts: Conflict[];
}

/**
 * Parses `git merge-tree --write-tree -z` output: the tree id, the conflicted stages
 * (`<mode> <oid> <stage>\t<path>`), then after an empty field the messages, each as
 * `<count>`, that many paths, a type (`CONFLICT (contents)`) and a text.
 */
export function parseMergeTree(out: string): MergeTreeOutput {
  const t = out.split('\0');
  const tree = t[0] ?? '';
  if (!/^[0-9a-f]{40,64}$/.test(tree)) throw new TrellisError('git', `git merge-tree: unexpected output '${tree.slice(0, 80)}'`, 2);
  const byPath = new Map<string, Conflict>();
  const order: string[] = [];
  const get = (path: string): Conflict => {
    let c = byPath.get(path);
    if (!c) {
      c = { path, kind: 'other', messages: [], stages: [] };
      byPath.set(path, c);
      order.push(path);
    }
    return c;
  };
  let i = 1;
  for (; i < t.length; i++) {
    const m = /^(\d{6}) ([0-9a-f]+) (\d)\t([\s\S]*)$/.exec(t[i] ?? '');
    if (!m) break;
    get(m[4] ?? '').stages.push(Number(m[3]));
  }
  if (t[i] === '') i++;
  const kinds = new Map<string, ConflictKind[]>();
  while (i < t.length) {
    const n = Number(t[i]);
    if (!Number.isInteger(n) || n < 1 || t[i] === '') break;
    const paths = t.slice(i + 1, i + 1 + n);
    const type = t[i + 1 + n] ?? '';
    const text = (t[i + 2 + n] ?? '').trim();
    i += n + 3;
    if (!type.startsWith('CONFLICT')) continue;
    const kind = conflictKind(type, text);
    const targets = paths.filter((p) => byPath.has(p));
    for (const p of targets.length > 0 ? targets : paths.slice(0, 1)) {
      const c = get(p);
      c.messages.push(text);
      kinds.set(p, [...(kinds.get(p) ?? []), kind]);
    }
  }
  for (const c of byPath.values()) {
    const ks = kinds.get(c.path) ?? [];
    c.kind = mostSpecific(ks) ?? kindFromStages(c.stages);
    c.stages.sort();
  }
  return { tree, conflicts: order.map((p) => byPath.get(p) as Conflict) };
}

/**
 * Parses `git merge-tree --stdin --write-tree -z` output: per merge, a status (`1` clean,
 * `0` conflicted), the tree, the conflicted stages, an empty field, the messages, and an empty
 * field that ends the merge.
 */
export function parseMergeTreeBatch(out: string): Array<MergeTreeOutput & { clean: boolean }> {
  const t = out.split('\0');
  const merges: Array<MergeTreeOutput & { clean: boolean }> = [];
  let i = 0;
  while (i < t.length) {
    const status = t[i];
    if (status === '' || status === undefined) {
      i++;
      continue;
    }
    const startOf = i;
    i += 2; // status, tree
    while (i < t.length && /^\d{6} [0-9a-f]+ \d\t/.test(t[i] ?? '')) i++;
    if (t[i] === '') i++;
    while (i < t.length && /^[1-9]\d*$/.test(t[i] ?? '')) i += Number(t[i]) + 3;
    const one = parseMergeTree(t.slice(startOf + 1, i).join('\0'));
    merges.push({ ...one, clean: status === '1' });
    if (t[i] === '') i++;
  }
  return merges;
}

const KIND_WORDS: Record<string, ConflictKind> = {
  content: 'content',
  contents: 'content',
  'add/add': 'add/add',
  'modify/delete': 'modify/delete',
  'rename/delete': 'rename/delete',
  'rename/rename': 'rename/rename',
  'rename/add': 'rename/add',
  'rename involved in collision': 'rename/add',
  binary: 'binary',
  'file/directory': 'file/directory',
  'directory/file': 'file/directory',
  'distinct modes': 'distinct-modes',
  'distinct types': 'distinct-modes',
  'directory rename suggested': 'directory-rename',
  'implicit dir rename': 'directory-rename',
  'directory rename split': 'directory-rename',
};

/** The kind named by `CONFLICT (<words>)` in a message's text or type. */
export function conflictKind(type: string, text: string): ConflictKind {
  for (const s of [text, type]) {
    const m = /^CONFLICT \(([^)]*)\)/.exec(s);
    const words = m?.[1]?.trim() ?? '';
    if (words in KIND_WORDS) return KIND_WORDS[words] as ConflictKind;
    if (words.startsWith('submodule')) return 'submodule';
  }
  return 'other';
}

const SPECIFICITY: ConflictKind[] = [
  'binary',
  'add/add',
  'modify/delete',
  'rename/delete',
  'rename/rename',
  'rename/add',
  'file/directory',
  'distinct-modes',
  'submodule',
  'directory-rename',
  'content',
  'other',
];

function mostSpecific(kinds: ConflictKind[]): ConflictKind | undefined {
  return SPECIFICITY.find((k) => kinds.includes(k));
}

/** Infers a kind from the stages left in the index when git gave no message. */
export function kindFromStages(stages: number[]): ConflictKind {
  const s = new Set(stages);
  if (s.has(1) && s.has(2) && s.has(3)) return 'content';
  if (s.has(1) && s.has(2) !== s.has(3)) return 'modify/delete';
  if (!s.has(1) && s.has(2) && s.has(3)) return 'add/add';
  return 'other';
}
