import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS, PRESET_NAMES, policyJsonSchema } from '../../src/core/policy/index.js';
import { trellis } from '../helpers/cli.js';

function tempRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-policy-'));
  execFileSync('git', ['init', '-q', dir], { env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
  return dir;
}

describe('trellis init', () => {
  it.each(PRESET_NAMES)('--preset %s writes a policy that passes policy check', async (name) => {
    const dir = tempRepo();
    const r = await trellis(['init', '--preset', name], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote .trellis.yml (preset ${name}, after the ${PRESETS[name].seed})\n`);
    expect(readFileSync(join(dir, '.trellis.yml'), 'utf8')).toBe(PRESETS[name].text);
    const check = await trellis(['policy', 'check'], { cwd: dir });
    expect(check).toEqual({ code: 0, stdout: '.trellis.yml: OK\n', stderr: '' });
  });

  it('accepts gitflow as vmpilot', async () => {
    const dir = tempRepo();
    const r = await trellis(['init', '--preset', 'gitflow', '--repo', dir]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, '.trellis.yml'), 'utf8')).toBe(PRESETS.vmpilot.text);
  });

  it('never overwrites without --force', async () => {
    const dir = tempRepo();
    writeFileSync(join(dir, '.trellis.yml'), 'mine\n');
    const r = await trellis(['init', '--preset', 'goose'], { cwd: dir });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'trellis: .trellis.yml already exists; use --force to overwrite it\n' });
    expect(readFileSync(join(dir, '.trellis.yml'), 'utf8')).toBe('mine\n');
    const forced = await trellis(['init', '--preset', 'goose', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, '.trellis.yml'), 'utf8')).toBe(PRESETS.goose.text);
  });

  it('--dry-run prints the file and writes nothing', async () => {
    const dir = tempRepo();
    const r = await trellis(['init', '--preset', 'tarantool', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(PRESETS.tarantool.text);
    expect(r.stderr).toBe('trellis: dry run: would write .trellis.yml (preset tarantool)\n');
    expect(existsSync(join(dir, '.trellis.yml'))).toBe(false);
  });

  it('rejects an unknown or missing preset with exit 2', async () => {
    const dir = tempRepo();
    const r = await trellis(['init', '--preset', 'nope'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "argument 'nope' is invalid. Allowed choices are lightspeed, llama-stack, vmpilot, tarantool, goose, gitflow",
    );
    expect((await trellis(['init'], { cwd: dir })).code).toBe(2);
    expect(existsSync(join(dir, '.trellis.yml'))).toBe(false);
  });

  it('refuses a --repo folder that does not exist', async () => {
    const dir = tempRepo();
    const r = await trellis(['init', '--preset', 'goose', '--repo', 'missing'], { cwd: dir });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'trellis: no such folder: missing\n' });
  });
});

describe('trellis policy check', () => {
  const bad = 'support:\n  mantained: 2\n  bugfix: 18 months\n  security: 1 year\n';

  it('prints each problem as file:line:col: message and exits 2', async () => {
    const dir = tempRepo();
    writeFileSync(join(dir, 'p.yml'), bad);
    const r = await trellis(['policy', 'check', 'p.yml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("p.yml:2:3: unknown key 'mantained' in support (did you mean 'maintained'?)\n");
    expect(r.stderr).toBe('trellis: 1 problem in p.yml\n');
  });

  it('--json gives the problems as data', async () => {
    const dir = tempRepo();
    writeFileSync(join(dir, '.trellis.yml'), 'support:\n  bugfix: 18 months\n  security: 1 year\n');
    const r = await trellis(['policy', 'check', '--json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      file: '.trellis.yml',
      ok: false,
      problems: [
        {
          file: '.trellis.yml',
          line: 3,
          col: 13,
          path: 'support.security',
          message:
            'the security window (1 year) is shorter than the bugfix window (18 months); a line’s end of life cannot come before its end of bug fixes',
        },
      ],
    });
  });

  it('finds .trellis.yml at the repository root from a subfolder, and in --repo', async () => {
    const dir = tempRepo();
    writeFileSync(join(dir, '.trellis.yml'), PRESETS['llama-stack'].text);
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    const fromSub = await trellis(['policy', 'check'], { cwd: join(dir, 'src', 'deep') });
    expect(fromSub.code).toBe(0);
    // Above the current folder, the path is shown in full.
    expect(fromSub.stdout).toBe(`${join(dir, '.trellis.yml')}: OK\n`);
    const viaRepo = await trellis(['policy', 'check', '--repo', dir, '--json'], { cwd: tmpdir() });
    expect(viaRepo.code).toBe(0);
    expect(JSON.parse(viaRepo.stdout)).toMatchObject({ ok: true, problems: [] });
  });

  it('a missing policy file is one line and exit 2', async () => {
    const dir = tempRepo();
    const r = await trellis(['policy', 'check'], { cwd: dir });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: "trellis: no policy file at .trellis.yml (write one with 'trellis init --preset <name>')\n",
    });
  });

  it('a YAML syntax error is located too', async () => {
    const dir = tempRepo();
    writeFileSync(join(dir, '.trellis.yml'), 'versioning:\n  tag: [v{version}\n');
    const r = await trellis(['policy', 'check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^\.trellis\.yml:2:10: YAML: Missing , or : between flow sequence items/);
  });
});

describe('trellis policy schema', () => {
  it('prints the JSON Schema', async () => {
    const r = await trellis(['policy', 'schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(policyJsonSchema());
  });
});
