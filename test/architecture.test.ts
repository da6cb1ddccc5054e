/**
 * The layer rules of ARCHITECTURE.md, enforced: dependency-cruiser with .dependency-cruiser.cjs
 * finds no import cycle and no import across a layer boundary in src/. The second test proves
 * the check bites: a small tree with one deliberate violation of each rule is refused.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: Array<{ name: string }>;
}

function cruise(cwd: string): Violation[] {
  const r = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.stdout === '') throw new Error(`depcruise failed (${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe('architecture: layers and import cycles', () => {
  it('src/ has no import cycle and no import across a layer boundary', () => {
    const found = cruise(ROOT).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(found).toEqual([]);
  });

  it('the check refuses a deliberate violation of each rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-arch-'));
    temp.push(dir);
    cpSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true } }),
    );
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const files: Record<string, string> = {
      'src/git/run.ts': `export const run = 1;\n`,
      'src/core/pure.ts': `import { run } from '../git/run.js';\nimport { spawn } from 'node:child_process';\nexport const pure = [run, spawn];\n`,
      'src/apply/apply.ts': `export const apply = 1;\n`,
      'src/facts/read.ts': `import { apply } from '../apply/apply.js';\nexport const read = apply;\n`,
      'src/cli/command.ts': `import { run } from '../git/run.js';\nimport { apply } from '../apply/apply.js';\nexport const command = [run, apply];\n`,
      'src/app/a.ts': `import { b } from './b.js';\nexport const a = () => b;\n`,
      'src/app/b.ts': `import { a } from './a.js';\nexport const b = () => a;\n`,
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const found = cruise(dir).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(found.sort()).toEqual(
      [
        'core-is-pure: src/core/pure.ts -> src/git/run.ts',
        'core-no-io: src/core/pure.ts -> child_process',
        'facts-read-only: src/facts/read.ts -> src/apply/apply.ts',
        'front-ends-call-use-cases: src/cli/command.ts -> src/apply/apply.ts',
        'front-ends-call-use-cases: src/cli/command.ts -> src/git/run.ts',
        'no-cycles: src/app/a.ts -> src/app/b.ts',
        'only-app-calls-apply: src/cli/command.ts -> src/apply/apply.ts',
        'only-app-calls-apply: src/facts/read.ts -> src/apply/apply.ts',
      ].sort(),
    );
  });
});
