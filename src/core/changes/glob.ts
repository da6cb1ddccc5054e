/**
 * Path globs of the policy's change rules (`changes.rules[].paths`), read the way `.gitignore`
 * reads them, so they mean what people already expect:
 *
 * - `*` matches within one path segment, `?` one character of it, `[abc]` / `[!abc]` a class,
 *   `{a,b}` either spelling, `**` any number of segments (`docs/**`, `**\/test/**`);
 * - a glob without a `/` (other than a trailing one) matches at any depth: `*.md` matches
 *   `README.md` and `docs/guide/intro.md`;
 * - a glob ending in `/` matches everything under a directory of that name (`docs/` is
 *   `docs/**`, and at any depth when it has no other `/`); a leading `/` anchors at the root.
 *
 * Written by hand (about sixty lines): the core takes no dependency, and the matchers the
 * tool chain brings (picomatch, minimatch) differ on exactly these points. Pure.
 */

/** Why a glob cannot be used (an unclosed `[` or `{`, a nested `{`, nothing to match), or null. */
export function globProblem(glob: string): string | null {
  if (glob.trim() === '' || glob === '/') return 'the glob is empty';
  try {
    globToRegExp(glob);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The regular expression a glob stands for (whole path, `/`-separated); throws on a bad glob. */
export function globToRegExp(glob: string): RegExp {
  let g = glob;
  const anchored = g.startsWith('/');
  if (anchored) g = g.slice(1);
  const directory = g.endsWith('/');
  if (directory) g = g.slice(0, -1);
  if (!anchored && !g.includes('/')) g = `**/${g}`;
  if (directory) g = `${g}/**`;
  return new RegExp(`^${translate(g, glob)}$`);
}

/** True when `path` matches one of `globs` (each compiled once by the caller). */
export function matchesAny(path: string, globs: readonly RegExp[]): boolean {
  if (globs.length > 1) {
    let one = combined.get(globs);
    if (one === undefined) combined.set(globs, (one = alternation(globs)));
    if (one) return one.test(path);
  }
  for (const g of globs) if (g.test(path)) return true;
  return false;
}

/**
 * A list of globs as one expression, made on first use of the list: one test per path instead
 * of one per glob (the built-in "docs, tests or CI only" rule has 30 and is tried on every fix
 * of a long range: about twice as fast). Null when the expressions carry flags (not made here).
 */
const combined = new WeakMap<readonly RegExp[], RegExp | null>();
function alternation(globs: readonly RegExp[]): RegExp | null {
  if (globs.some((g) => g.flags !== '')) return null;
  return new RegExp(globs.map((g) => `(?:${g.source})`).join('|'));
}

function translate(g: string, original: string): string {
  let out = '';
  let inBraces = false;
  for (let i = 0; i < g.length; i++) {
    const c = g[i] as string;
    if (c === '*') {
      if (g[i + 1] !== '*') {
        out += '[^/]*';
        continue;
      }
      const atStart = i === 0 || g[i - 1] === '/';
      i++;
      if (atStart && g[i + 1] === '/') {
        // `**/`: any number of leading segments, none included.
        out += '(?:.*/)?';
        i++;
      } else out += '.*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = g.indexOf(']', i + 2);
      if (end < 0) throw new Error(`'${original}': '[' is not closed`);
      let cls = g.slice(i + 1, end);
      if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
      out += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '{') {
      if (inBraces) throw new Error(`'${original}': '{' inside '{...}' is not supported`);
      if (g.indexOf('}', i) < 0) throw new Error(`'${original}': '{' is not closed`);
      inBraces = true;
      out += '(?:';
    } else if (c === '}' && inBraces) {
      inBraces = false;
      out += ')';
    } else if (c === ',' && inBraces) out += '|';
    else out += c.replace(/[.+^$()|\\\]{}]/g, '\\$&');
  }
  return out;
}
