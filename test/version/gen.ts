/** Seeded, reproducible version generators for the differential tests and the benchmark. */

/** mulberry32: a tiny seeded PRNG; the same seed gives the same sequence on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const int = (r: Rand, n: number) => Math.floor(r() * n);
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)] as T;

function num(r: Rand): string {
  const k = r();
  if (k < 0.5) return String(int(r, 4));
  if (k < 0.8) return String(int(r, 12));
  if (k < 0.9) return `0${int(r, 10)}`;
  if (k < 0.97) return String(int(r, 1000));
  return '123456789012345678901234'.slice(0, 15 + int(r, 9));
}

/** One field of an rpm version: numbers, words and separators, including ~ and ^. */
export function rpmField(r: Rand, seps = ['.', '.', '.', '~', '^', '_', '+', '%']): string {
  const words = ['a', 'b', 'rc', 'alpha', 'beta', 'git', 'Z', 'el9', 'fc40', 'x'];
  const parts: string[] = [num(r)];
  const n = int(r, 5);
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.45) parts.push(pick(r, seps), num(r));
    else if (k < 0.7) parts.push(pick(r, words));
    else if (k < 0.85) parts.push(pick(r, seps), pick(r, words));
    else parts.push(pick(r, ['~', '^', '~~', '.', '']));
  }
  return parts.join('');
}

/** `[epoch:]version[-release]` as rpm.vercmp reads it. */
export function rpmEvr(r: Rand): string {
  const epoch = r() < 0.15 ? `${int(r, 3)}:` : '';
  const release = r() < 0.35 ? `-${rpmField(r, ['.', '~', '^', '_'])}` : '';
  return `${epoch}${rpmField(r)}${release}`;
}

/** A Debian version dpkg accepts without warnings. */
export function debVersion(r: Rand): string {
  const words = ['a', 'b', 'rc', 'dfsg', 'ubuntu', 'deb', 'Z', 'build'];
  const field = (seps: string[], start: boolean) => {
    const parts: string[] = start ? [num(r)] : [pick(r, [num(r), pick(r, words)])];
    const n = int(r, 5);
    for (let i = 0; i < n; i++) {
      const k = r();
      if (k < 0.45) parts.push(pick(r, seps), num(r));
      else if (k < 0.7) parts.push(pick(r, words));
      else if (k < 0.85) parts.push(pick(r, seps), pick(r, words));
      else parts.push(pick(r, ['~', '~~', '+', '.']));
    }
    return parts.join('');
  };
  const epoch = r() < 0.15 ? `${int(r, 3)}:` : '';
  const upstream = field(['.', '.', '~', '+'], true);
  const revision = r() < 0.4 ? `-${field(['.', '~', '+'], false)}` : '';
  return `${epoch}${upstream}${revision}`;
}

/** A SemVer 2.0.0 version, often with pre-releases such as alpha1, rc.10, and build metadata. */
export function semverVersion(r: Rand): string {
  const core = `${int(r, 4)}.${int(r, 12)}.${int(r, 12)}`;
  let pre = '';
  const k = r();
  if (k < 0.25) pre = `-${pick(r, ['alpha', 'beta', 'rc'])}${int(r, 12)}`;
  else if (k < 0.4) pre = `-${pick(r, ['alpha', 'beta', 'rc'])}.${int(r, 12)}`;
  else if (k < 0.5)
    pre = `-${pick(r, ['alpha', 'rc', 'x-y', '0', '1', 'entrypoint'])}${r() < 0.5 ? `.${pick(r, ['1', 'a', '2', 'b1'])}` : ''}`;
  const build = r() < 0.1 ? `+${pick(r, ['build.1', 'sha.abc', '001'])}` : '';
  return core + pre + build;
}

/** A PEP 440 version in any of its spellings (epochs, pre, post, dev, local, v prefix). */
export function pep440Version(r: Rand): string {
  const release = Array.from({ length: 1 + int(r, 4) }, () => String(int(r, 5))).join('.');
  const epoch = r() < 0.08 ? `${int(r, 3)}!` : '';
  const v = r() < 0.1 ? 'v' : '';
  const pre = r() < 0.35 ? `${pick(r, ['a', 'b', 'rc', 'alpha', 'beta', 'c', 'pre', '.rc', '-a'])}${r() < 0.8 ? int(r, 12) : ''}` : '';
  const post = r() < 0.2 ? pick(r, ['.post1', '.post2', '-1', 'post0', '.r3']) : '';
  const dev = r() < 0.25 ? pick(r, ['.dev0', '.dev1', 'dev3', '.dev']) : '';
  const local = r() < 0.1 ? `+${pick(r, ['ubuntu.1', 'abc', '1', 'g1234.dirty', '2.a'])}` : '';
  return `${v}${epoch}${release}${pre}${post}${dev}${local}`;
}
