/**
 * The rpm and deb schemes against the real tools: `rpm` (rpm.vercmp through one `rpm --eval`
 * Lua script over a file of pairs) and `dpkg --compare-versions` (bounded parallelism), on
 * seeded generated versions and on the describe conversions of a release history.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { convertDescribe, getScheme, parseDeb, rpmCompareEvr, splitEvr } from '../../src/core/version/index.js';
import { debVersion, rng, rpmEvr } from './gen.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'trellis-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** rpm.vercmp for every pair, in one rpm process. */
async function rpmVercmp(pairs: ReadonlyArray<readonly [string, string]>): Promise<number[]> {
  const file = join(dir, `pairs-${pairs.length}-${Date.now()}.txt`);
  writeFileSync(file, pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
  const lua = `%{lua:
local out = {}
for line in io.lines("${file}") do
  local a, b = line:match("^([^\\t]*)\\t(.*)$")
  out[#out + 1] = tostring(rpm.vercmp(a, b))
end
print(table.concat(out, ","))
}`;
  const { stdout } = await run('rpm', ['--eval', lua], { maxBuffer: 64 * 1024 * 1024 });
  const res = stdout.trim().split(',').map(Number);
  expect(res).toHaveLength(pairs.length);
  return res;
}

/**
 * dpkg's answer (-1, 0, 1) for every pair. One `sh` loop per chunk runs dpkg once or twice per
 * pair (a fork per call, without Node's spawn cost); `limit` chunks run at once. The versions
 * come from a file through `read -r`, never through the shell's parser.
 */
async function dpkgCompare(pairs: ReadonlyArray<readonly [string, string]>, limit = 4): Promise<number[]> {
  const loop =
    'while IFS="$(printf \'\\t\')" read -r a b; do ' +
    'if dpkg --compare-versions "$a" lt "$b"; then echo -1; ' +
    'elif dpkg --compare-versions "$a" gt "$b"; then echo 1; else echo 0; fi; done < "$1"';
  const size = Math.ceil(pairs.length / limit);
  const chunks = Array.from({ length: limit }, (_, k) => pairs.slice(k * size, (k + 1) * size)).filter((c) => c.length > 0);
  const results = await Promise.all(
    chunks.map(async (chunk, k) => {
      const file = join(dir, `deb-${k}-${chunk.length}-${Date.now()}.txt`);
      writeFileSync(file, chunk.map(([a, b]) => `${a}\t${b}\n`).join(''));
      const { stdout } = await run('sh', ['-c', loop, 'dpkg-loop', file], { maxBuffer: 16 * 1024 * 1024 });
      const res = stdout.trim().split('\n').map(Number);
      expect(res).toHaveLength(chunk.length);
      return res;
    }),
  );
  return results.flat();
}

function mismatches(pairs: ReadonlyArray<readonly [string, string]>, expected: number[], ours: (a: string, b: string) => number) {
  const bad: string[] = [];
  pairs.forEach(([a, b], i) => {
    const got = ours(a, b);
    if (got !== expected[i]) bad.push(`${a} vs ${b}: tool ${expected[i]}, trellis ${got}`);
  });
  return bad;
}

/** A release history in commit order, as git describe names each commit. */
const HISTORY = [
  '2.11.0-0-g1111111',
  '2.11.0-4-g1111112',
  '3.0.0-entrypoint-0-g2222221',
  '3.0.0-entrypoint-1-g2222222',
  '3.0.0-entrypoint-12-g2222223',
  '3.0.0-alpha1-0-g3333331',
  '3.0.0-alpha1-3-g3333332',
  '3.0.0-alpha2-0-g3333333',
  '3.0.0-beta1-0-g4444441',
  '3.0.0-beta1-7-g4444442',
  '3.0.0-rc1-0-g5555551',
  '3.0.0-rc1-2-g5555552',
  '3.0.0-rc2-0-g5555553',
  '3.0.0-rc10-0-g5555554',
  '3.0.0-rc10-1-g5555555',
  '3.0.0-0-g6666661',
  '3.0.0-2-g6666662',
  '3.0.0-10-g6666663',
  '3.0.1-rc1-0-g7777771',
  '3.0.1-0-g7777772',
  '3.0.1-1-g7777773',
  '3.1.0-entrypoint-0-g8888881',
  '3.1.0-entrypoint-5-g8888882',
  '3.1.0-alpha1-0-g8888883',
  '3.1.0-0-g8888884',
  'v10.0.0-rc1-0-g9999991',
];

const allPairs = (xs: readonly string[]) => xs.flatMap((a, i) => xs.slice(i + 1).map((b) => [a, b] as const));

describe('rpm scheme against the real rpm', () => {
  it('orders 12,000 generated EVR pairs exactly like rpm.vercmp', async () => {
    const r = rng(20260101);
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < 12000; i++) {
      const a = rpmEvr(r);
      // Often compare near neighbours: mutate a copy so that long common prefixes occur.
      const b = r() < 0.4 ? a.slice(0, Math.floor(r() * a.length)) + rpmEvr(r).slice(0, 4) : rpmEvr(r);
      pairs.push([a, b === '' ? '0' : b]);
    }
    const expected = await rpmVercmp(pairs);
    expect(mismatches(pairs, expected, (a, b) => rpmCompareEvr(splitEvr(a), splitEvr(b)))).toEqual([]);
    // The generator must exercise the interesting outcomes, not just one.
    expect(new Set(expected)).toEqual(new Set([-1, 0, 1]));
  });

  it('orders the seed examples like rpm', async () => {
    const pairs: Array<[string, string]> = [
      ['3.0.0~rc1', '3.0.0'],
      ['3.0.0~rc10', '3.0.0~rc2'],
      ['1.0^git1', '1.0'],
      ['1.0^git1', '1.0.1'],
      ['1.0~rc1^git1', '1.0~rc1'],
      ['1:1.0', '2.0'],
      ['1.0-1', '1.0'],
      ['1.0-', '1.0'],
      ['1.0', '1.0-0'],
      ['1.0a', '1.0.a'],
      ['1.0', '1_0'],
      ['2.10.0.12.dev', '2.10.0.12'],
    ];
    const expected = await rpmVercmp(pairs);
    expect(mismatches(pairs, expected, (a, b) => rpmCompareEvr(splitEvr(a), splitEvr(b)))).toEqual([]);
    // The scheme validates what rpmbuild accepts: an empty release is not a package version.
    const rpm = getScheme('rpm');
    expect(rpm.validate('1.0-')).toBe('empty release');
    const valid = pairs.filter(([a, b]) => rpm.tryParse(a) && rpm.tryParse(b));
    expect(mismatches(valid, await rpmVercmp(valid), (a, b) => rpm.compare(a, b))).toEqual([]);
  });
});

describe('deb scheme against the real dpkg', () => {
  it('orders 4,000 generated pairs exactly like dpkg --compare-versions', async () => {
    const r = rng(424242);
    const pairs: Array<[string, string]> = [];
    while (pairs.length < 4000) {
      const a = debVersion(r);
      const b = r() < 0.4 ? a + pick2(r) : debVersion(r);
      if (typeof parseDeb(a) === 'string' || typeof parseDeb(b) === 'string') continue;
      pairs.push([a, b]);
    }
    const expected = await dpkgCompare(pairs);
    const deb = getScheme('deb');
    expect(mismatches(pairs, expected, (a, b) => deb.compare(a, b))).toEqual([]);
    expect(new Set(expected)).toEqual(new Set([-1, 0, 1]));
  });

  it('agrees with dpkg on the classic examples', async () => {
    const pairs: Array<[string, string]> = [
      ['1.0~rc1', '1.0'],
      ['1.0~~', '1.0~'],
      ['1.0', '1.0+b1'],
      ['1.0a', '1.0+'],
      ['1.0-1', '1.0'],
      ['1.0-0', '1.0'],
      ['1:0.1', '2.0'],
      ['1.0.0', '1.0'],
      ['2.10.0.g0a5ce0b9c', '2.10.0'],
      ['1.0-1ubuntu1', '1.0-1'],
    ];
    const expected = await dpkgCompare(pairs);
    const deb = getScheme('deb');
    expect(mismatches(pairs, expected, (a, b) => deb.compare(a, b))).toEqual([]);
  });
});

function pick2(r: () => number): string {
  const tails = ['~', '~rc1', '+b1', '.0', 'a', '-1', '.1~', '~~'];
  return tails[Math.floor(r() * tails.length)] as string;
}

describe('git describe conversions order like the commits they name', () => {
  const forms = { rpm: HISTORY.map((d) => convertDescribe(d, 'rpm')), deb: HISTORY.map((d) => convertDescribe(d, 'deb')) };

  it('under rpm: every pair of the history', async () => {
    const idx = allPairs(HISTORY.map((_, i) => String(i))).map(([a, b]) => [Number(a), Number(b)] as const);
    const pairs = idx.map(([i, j]) => [forms.rpm[i] as string, forms.rpm[j] as string] as const);
    const expected = await rpmVercmp(pairs);
    const wrong = idx.filter((_, k) => expected[k] !== -1).map(([i, j]) => `${forms.rpm[i]} !< ${forms.rpm[j]}`);
    expect(wrong).toEqual([]);
    expect(getScheme('rpm').sort([...forms.rpm].reverse())).toEqual(forms.rpm);
  });

  it('under dpkg: every pair of the history', async () => {
    const idx = allPairs(HISTORY.map((_, i) => String(i))).map(([a, b]) => [Number(a), Number(b)] as const);
    const pairs = idx.map(([i, j]) => [forms.deb[i] as string, forms.deb[j] as string] as const);
    const expected = await dpkgCompare(pairs);
    const wrong = idx.filter((_, k) => expected[k] !== -1).map(([i, j]) => `${forms.deb[i]} !< ${forms.deb[j]}`);
    expect(wrong).toEqual([]);
    expect(getScheme('deb').sort([...forms.deb].reverse())).toEqual(forms.deb);
  });

  it('under PEP 440 as well', () => {
    const pep = HISTORY.map((d) => convertDescribe(d, 'pep440'));
    expect(getScheme('pep440').sort([...pep].reverse())).toEqual(pep);
  });
});
