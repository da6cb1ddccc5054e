import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PRESETS,
  PRESET_ALIASES,
  PRESET_NAMES,
  personalizePreset,
  policyJsonSchema,
  type PresetName,
} from '../../src/core/policy/index.js';
import { trellis } from '../helpers/cli.js';

function tempRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-policy-'));
  execFileSync('git', ['init', '-q', dir], { env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
  return dir;
}

describe('trellis init', () => {
  const NEXT = 'next: trellis policy check, then trellis status\n';
  /** A preset as written into `dir`: the project is named for the folder (no package file there). */
  const written = (name: PresetName, dir: string): string => personalizePreset(PRESETS[name].text, basename(dir), []);

  it.each(PRESET_NAMES)('--preset %s writes a policy that passes policy check', async (name) => {
    const dir = tempRepo();
    const r = await trellis(['init', '--preset', name], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote .trellis.yml (preset ${name}, after the ${PRESETS[name].seed})\n${NEXT}`);
    expect(readFileSync(join(dir, '.trellis.yml'), 'utf8')).toBe(written(name, dir));
    const check = await trellis(['policy', 'check'], { cwd: dir });
    expect(check).toEqual({ code: 0, stdout: '.trellis.yml: OK\n', stderr: '' });
  });

  it.each(Object.entries(PRESET_ALIASES))('accepts the old name %s for %s', async (alias, name) => {
    const dir = tempRepo();
    const r = await trellis(['init', '--preset', alias, '--repo', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${join(dir, '.trellis.yml')} (preset ${name}, after the ${PRESETS[name].seed})\n${NEXT}`);
    expect(readFileSync(join(dir, '.trellis.yml'), 'utf8')).toBe(written(name, dir));
  });

  it('names the project for the repository, never for the project the preset came from', async () => {
    const dir = tempRepo();
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "acme-widgets"\nversion = "0.3.0"\n');
    const r = await trellis(['init', '--preset', 'llama-stack', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    // No commit yet: the files are not read, the folder names the project.
    expect(r.stdout).toContain(`project:\n  name: "${basename(dir)}"\n\nversioning:`);
    expect(r.stdout).not.toMatch(/name: llama-stack|ecosystem: PyPI, name: llama|Discord|llama_stack_ui/);
    execFileSync('git', ['-C', dir, 'add', '.'], { env: { ...process.env, HOME: dir } });
    execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@e', 'commit', '-qm', 'init'], {
      env: { ...process.env, HOME: dir },
    });
    const after = await trellis(['init', '--preset', 'llama-stack', '--dry-run'], { cwd: dir });
    expect(after.stdout).toContain(
      'project:\n  name: "acme-widgets"\n  packages:\n    - { ecosystem: "PyPI", name: "acme-widgets" }\n\nversioning:',
    );
  });

  it('never overwrites without --force', async () => {
    const dir = tempRepo();
    writeFileSync(join(dir, '.trellis.yml'), 'mine\n');
    const r = await trellis(['init', '--preset', 'goose'], { cwd: dir });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'trellis: .trellis.yml already exists; use --force to overwrite it\n' });
    expect(readFileSync(join(dir, '.trellis.yml'), 'utf8')).toBe('mine\n');
    const forced = await trellis(['init', '--preset', 'goose', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, '.trellis.yml'), 'utf8')).toBe(written('codename-phases', dir));
  });

  it('--dry-run prints the file and writes nothing', async () => {
    const dir = tempRepo();
    const r = await trellis(['init', '--preset', 'tarantool', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(written('series', dir));
    expect(r.stderr).toBe(`trellis: dry run: would write .trellis.yml (preset series, after the ${PRESETS.series.seed})\n`);
    expect(existsSync(join(dir, '.trellis.yml'))).toBe(false);
  });

  it('an unknown preset is exit 2 with the list of presets', async () => {
    const dir = tempRepo();
    const r = await trellis(['init', '--preset', 'nope'], { cwd: dir });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "trellis: unknown preset 'nope'; the presets are: release-branches (from Llama Stack), per-release-branches (from Lightspeed Core Stack), series (from Tarantool), codename-phases (from Goose), gitflow (from VMPilot)\n",
    });
    expect(existsSync(join(dir, '.trellis.yml'))).toBe(false);
  });

  it('without a preset outside a repository: exit 2, pointing at the presets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-plain-'));
    const r = await trellis(['init', '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a git repository: give a preset \(--preset NAME\)/);
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
      schemaVersion: 1,
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
    writeFileSync(join(dir, '.trellis.yml'), PRESETS['release-branches'].text);
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
