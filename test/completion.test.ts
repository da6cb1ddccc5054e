import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trellis } from './helpers/cli.js';

describe('trellis completion', () => {
  it('bash: completes commands, sub-commands and options, skipping operands and root option values', async () => {
    const r = await trellis(['completion', 'bash']);
    expect(r.code).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'trellis-completion-')), 'trellis.bash');
    writeFileSync(file, r.stdout);
    const complete = (...words: string[]): string =>
      execFileSync(
        'bash',
        [
          '-c',
          `source "${file}"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _trellis; echo "\${COMPREPLY[*]}"`,
        ],
        {
          encoding: 'utf8',
        },
      ).trim();
    expect(complete('trellis', 'sta')).toBe('status');
    expect(complete('trellis', '-C', 'dir', 'mis')).toBe('missing');
    expect(complete('trellis', 'version', 'so')).toBe('sort');
    expect(complete('trellis', 'backport', 'abc1234', '--d')).toBe('--direct --dry-run');
    expect(complete('trellis', 'init', '--p')).toBe('--preset');
    // The newer commands: check, advisory, site, extension, merge-back, version for-build, backport --push/--pr.
    expect(complete('trellis', 'che')).toBe('check checklist');
    expect(complete('trellis', 'advisory', '')).toBe('add list show fix export sla --help');
    expect(complete('trellis', 'advisory', 'sla', '--j')).toBe('--json');
    expect(complete('trellis', 'site', '--o')).toBe('--out');
    expect(complete('trellis', 'extension', 's')).toBe('status ships switch');
    expect(complete('trellis', 'merge-back', '1.2', '--d')).toBe('--dry-run');
    expect(complete('trellis', 'version', 'for-build', '--m')).toBe('--mode');
    expect(complete('trellis', 'backport', '--p')).toBe('--push --pr --policy');
  });

  it('zsh and fish scripts name every command', async () => {
    const zsh = (await trellis(['completion', 'zsh'])).stdout;
    expect(zsh).toMatch(/^#compdef trellis trellis-release\n/);
    const fish = (await trellis(['completion', 'fish'])).stdout;
    for (const name of ['init', 'status', 'missing', 'backport', 'release', 'version']) {
      expect(fish).toContain(`complete -c trellis -n '__fish_use_subcommand' -a ${name} `);
    }
    expect(fish).toContain("complete -c trellis -n '__fish_seen_subcommand_from backport' -l dry-run");
  });

  it('an unknown shell is exit 2', async () => {
    const r = await trellis(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("value 'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.");
  });
});
