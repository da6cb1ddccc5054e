/**
 * Problems in a policy file and where they are: the YAML document with a line counter, the
 * dotted path of a node, and the problem list every check appends to (sorted by position).
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { TrellisError, formatLocation } from '../errors.js';
import type { Policy } from './schema.js';
import { inFileOrder, MAX_ITEMS, MAX_POLICY_BYTES, type PolicyCheckResult, type PolicyProblem } from './check-result.js';

export { inFileOrder, MAX_ITEMS, MAX_POLICY_BYTES, type PolicyCheckResult, type PolicyProblem };

export function formatProblem(p: PolicyProblem): string {
  return `${formatLocation(p)}: ${p.message}`;
}

/** A policy with problems; the message is the first problem, `problems` has them all. */
export class PolicyError extends TrellisError {
  constructor(readonly problems: PolicyProblem[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more; run 'trellis policy check')` : '';
    super('policy', `${first ? formatProblem(first) : 'invalid policy'}${more}`, 2, problems);
  }
}

/** A place in the document: keys and list indexes from the top. */
export type Path = Array<string | number>;

/** The first line of a message, trimmed. */
export function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** A path as the reader writes it: `support.lines["0.5"].eol`, `versionFiles[0].path`. */
export function pathText(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `["${seg}"]`;
  }
  return out;
}

/** Messages about places in a policy (checks made outside the loader), located at file:line:col. */
export function locatePolicyMessages(
  text: string,
  file: string,
  items: ReadonlyArray<{ path: Path; which?: 'key' | 'value' | undefined; message: string }>,
): PolicyProblem[] {
  if (items.length === 0) return [];
  const doc = new PolicyDocument(text, file);
  return items.map((i) => doc.problemAt(i.path, i.message, i.which ? { which: i.which } : {}));
}

/** The parsed YAML document of a policy, where problems are located and collected. */
export class PolicyDocument {
  readonly lineCounter = new LineCounter();
  readonly doc: Document.Parsed;
  readonly problems: PolicyProblem[] = [];
  readonly warnings: PolicyProblem[] = [];
  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    // Duplicate keys are found by checkKeys with a set: the yaml library's own check
    // (uniqueKeys) compares each key with every other one, which took 87 s on 100,000 keys.
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: false });
  }

  linePos(offset: number): [number, number] {
    const p = this.lineCounter.linePos(offset);
    return [p.line, p.col];
  }

  result(policy: Policy | null): PolicyCheckResult {
    return { policy, problems: inFileOrder(this.problems), warnings: inFileOrder(this.warnings) };
  }

  /** The YAML node at `path` (or its key), or the deepest node on the way when part is absent. */
  locate(path: Path, which: 'key' | 'value' = 'value'): { node: Node | null; exact: boolean } {
    let node: Node | null = (this.doc.contents as Node | null) ?? null;
    let keyNode: Node | null = null;
    for (const seg of path) {
      if (node && isAlias(node)) node = (node.resolve(this.doc) as Node | undefined) ?? node;
      if (node && isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
        if (!pair) return { node, exact: false };
        keyNode = pair.key as Node;
        node = (pair.value as Node | null) ?? keyNode;
      } else if (node && isSeq(node)) {
        const item = node.items[Number(seg)] as Node | undefined;
        if (!item) return { node, exact: false };
        keyNode = item;
        node = item;
      } else {
        return { node, exact: false };
      }
    }
    return { node: which === 'key' && keyNode ? keyNode : node, exact: true };
  }

  at(path: Path, message: string, opts: { which?: 'key' | 'value'; offset?: number } = {}): void {
    this.problems.push(this.problemAt(path, message, opts));
  }

  /** A warning at `path` (see {@link PolicyCheckResult.warnings}). */
  warn(path: Path, message: string, opts: { which?: 'key' | 'value' } = {}): void {
    this.warnings.push(this.problemAt(path, message, opts));
  }

  /** A problem located at `path` (its value, or its key with `which: 'key'`), not recorded. */
  problemAt(path: Path, message: string, opts: { which?: 'key' | 'value'; offset?: number } = {}): PolicyProblem {
    const { node, exact } = this.locate(path, opts.which);
    let offset = node?.range?.[0] ?? 0;
    if (exact && node && opts.offset !== undefined && isScalar(node)) {
      if (node.type === 'PLAIN') offset += opts.offset;
      else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') offset += 1 + opts.offset;
    }
    const [line, col] = this.linePos(offset);
    return { file: this.file, line, col, message, path: pathText(path) };
  }

  /** The source text of the node at `path`. */
  source(path: Path): string | undefined {
    const { node, exact } = this.locate(path);
    if (!exact || !node?.range) return undefined;
    return this.text.slice(node.range[0], node.range[1]);
  }

  /** A problem at a YAML node's start. */
  private atNode(node: Node | null | undefined, message: string, path: Path): void {
    const [line, col] = this.linePos(node?.range?.[0] ?? 0);
    this.problems.push({ file: this.file, line, col, message, path: pathText(path) });
  }

  /**
   * Map keys that YAML reads as something other than the text written (`1.10:` is the number
   * 1.1), duplicate keys, and collections longer than {@link MAX_ITEMS} (whose contents are then
   * not looked at: a located error instead of a long run).
   */
  checkKeys(node: unknown, path: Path): void {
    if ((isMap(node) || isSeq(node)) && node.items.length > MAX_ITEMS) {
      this.atNode(node, `${node.items.length} entries; a policy list or mapping holds at most ${MAX_ITEMS}`, path);
      return;
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const it of node.items) {
        if (!isPair(it)) continue;
        const key = it.key;
        if (isScalar(key)) {
          const id = `${typeof key.value}:${String(key.value)}`;
          if (seen.has(id)) this.atNode(key, 'YAML: Map keys must be unique', path);
          seen.add(id);
        }
        if (isScalar(key) && typeof key.value !== 'string' && key.range) {
          const written = this.text.slice(key.range[0], key.range[1]);
          if (written !== String(key.value)) {
            this.atNode(key, `key ${written} is read as ${String(key.value)}; quote it: "${written}"`, [...path, String(key.value)]);
          }
        }
        this.checkKeys(it.value, [...path, isScalar(key) ? String(key.value) : '?']);
      }
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => this.checkKeys(it, [...path, i]));
    }
  }
}
