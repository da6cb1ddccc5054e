import { TrellisError } from '../errors.js';

/**
 * Key paths name a value inside a JSON, TOML or YAML document.
 *
 *   path    := first ( '.' segment | '[' index ']' | '[' quoted ']' )*
 *   first   := segment | '[' index ']' | '[' quoted ']'
 *   segment := bare | quoted
 *   bare    := one or more characters other than  . [ ] " '  and white space
 *   quoted  := "…" (backslash escapes \" and \\ ) | '…' (taken literally)
 *   index   := decimal digits: an array element (0-based)
 *
 * Examples: `project.version`, `tool.setuptools_scm.fallback_version`,
 * `dependencies.llama-stack-client`, `packages."".version` (the root entry of a package-lock.json,
 * same as `packages[""].version`), `packages."node_modules/a.b".version`, `charts[0].version`.
 * A bare segment made of digits is a key named by those digits, never an index: indexes are
 * written in brackets only, so TOML keys such as `1` stay unambiguous.
 */
export type KeySegment = string | number;

function policyError(key: string, why: string): TrellisError {
  return new TrellisError('policy', `invalid key path ${JSON.stringify(key)}: ${why}`, 2);
}

const BARE = /[^.[\]"'\s]/;

export function parseKeyPath(key: string): KeySegment[] {
  const out: KeySegment[] = [];
  let i = 0;
  const n = key.length;
  if (n === 0) throw policyError(key, 'empty');

  const readQuoted = (): string => {
    const q = key[i];
    i++;
    let s = '';
    while (i < n && key[i] !== q) {
      if (q === '"' && key[i] === '\\') {
        const next = key[i + 1];
        if (next !== '"' && next !== '\\') throw policyError(key, `unknown escape at ${i + 1}`);
        s += next;
        i += 2;
        continue;
      }
      s += key[i];
      i++;
    }
    if (i >= n) throw policyError(key, 'unterminated quote');
    i++;
    return s;
  };
  const readBracket = (): KeySegment => {
    i++; // '['
    let seg: KeySegment;
    if (key[i] === '"' || key[i] === "'") {
      seg = readQuoted();
    } else {
      const m = /^[0-9]+/.exec(key.slice(i));
      if (!m) throw policyError(key, `expected an index or a quoted key at ${i + 1}`);
      seg = Number(m[0]);
      i += m[0].length;
    }
    if (key[i] !== ']') throw policyError(key, `expected ] at ${i + 1}`);
    i++;
    return seg;
  };
  const readSegment = (): string => {
    if (key[i] === '"' || key[i] === "'") return readQuoted();
    const start = i;
    while (i < n && BARE.test(key[i] as string)) i++;
    if (i === start) throw policyError(key, `expected a key at ${i + 1}`);
    return key.slice(start, i);
  };

  out.push(key[0] === '[' ? readBracket() : readSegment());
  while (i < n) {
    if (key[i] === '.') {
      i++;
      out.push(readSegment());
    } else if (key[i] === '[') {
      out.push(readBracket());
    } else {
      throw policyError(key, `unexpected ${JSON.stringify(key[i])} at ${i + 1}`);
    }
  }
  return out;
}

/** The canonical spelling of a path (round-trips through `parseKeyPath`). */
export function formatKeyPath(path: readonly KeySegment[]): string {
  let s = '';
  path.forEach((seg, idx) => {
    if (typeof seg === 'number') {
      s += `[${seg}]`;
      return;
    }
    const spelled = /^[^.[\]"'\s]+$/.test(seg) ? seg : `"${seg.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    s += idx === 0 ? spelled : `.${spelled}`;
  });
  return s;
}

export function sameKeyPath(a: readonly KeySegment[], b: readonly KeySegment[]): boolean {
  return a.length === b.length && a.every((seg, i) => seg === b[i]);
}

/** True when `prefix` is `path` or one of its ancestors. */
export function isKeyPathPrefix(prefix: readonly KeySegment[], path: readonly KeySegment[]): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => seg === path[i]);
}
