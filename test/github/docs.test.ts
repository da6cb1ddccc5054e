/** docs/github.md's workflow is a valid workflow that uses only inputs action.yml declares, with the permissions a backport needs. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '../..');

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

describe('docs/github.md', () => {
  it('shows a complete workflow whose Trellis step matches action.yml', async () => {
    const doc = await readFile(join(root, 'docs/github.md'), 'utf8');
    const block = /```yaml\n(# \.github\/workflows\/[\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const wf = parse(block as string) as {
      on: Record<string, { types: string[] }>;
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Step[] }>;
    };
    const action = parse(await readFile(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, { required?: boolean }> };
    expect(wf.on.pull_request_target?.types).toEqual(expect.arrayContaining(['closed', 'labeled', 'synchronize']));
    expect(wf.on.issue_comment?.types).toEqual(['created']);
    expect(wf.permissions).toMatchObject({ contents: 'write', 'pull-requests': 'write', issues: 'write', statuses: 'write' });
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
    const trellis = steps.find((s) => s.uses?.includes('/trellis@'));
    const given = Object.keys(trellis?.with ?? {});
    const known = Object.keys(action.inputs);
    expect(given.filter((k) => !known.includes(k))).toEqual([]);
    // every input is shown (in this workflow or another of the page's), and the App token is how CI runs on the pull requests
    const others = [...doc.matchAll(/```yaml\n(# \.github\/workflows\/[\s\S]*?)```/g)]
      .slice(1)
      .map((m) => parse(m[1] as string) as typeof wf);
    const otherSteps = others.flatMap((w) => Object.values(w.jobs).flatMap((j) => j.steps)).filter((s) => s.uses?.includes('/trellis@'));
    for (const st of otherSteps) expect(Object.keys(st.with ?? {}).filter((k) => !known.includes(k))).toEqual([]);
    const shown = [...given, ...otherSteps.flatMap((st) => Object.keys(st.with ?? {}))];
    expect(known.filter((k) => k !== 'token' && !shown.includes(k))).toEqual([]);
    expect(trellis?.with?.['app-id']).toBeDefined();
    expect(trellis?.with?.['private-key']).toMatch(/secrets\./);
  });
});
