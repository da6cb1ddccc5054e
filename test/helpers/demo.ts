/**
 * The demo repository (scripts/demo/history.ts) as the end-to-end tests use it: the llama-stack
 * preset adopted, and fixed dates for everything Trellis and the test write, so that the same
 * pick or release writes the same object ids in every repository and every run.
 */
import { expect } from 'vitest';
import { buildDemoRepo, type DemoRepo } from '../../scripts/demo/history.js';
import { DEMO_TODAY, trellisIn } from '../../scripts/demo/run.js';

/** The instant every commit and tag written during a test carries. */
export const FIXED_DATE = '2026-03-13T12:00:00Z';

/** The demo history with `trellis init --preset release-branches` run in it (the policy file not committed). */
export async function demoWithPreset(): Promise<DemoRepo> {
  const repo = await buildDemoRepo();
  repo.env = { ...repo.env, GIT_COMMITTER_DATE: FIXED_DATE, GIT_AUTHOR_DATE: FIXED_DATE };
  expect((await trellisIn(repo, ['init', '--preset', 'release-branches'], DEMO_TODAY)).code).toBe(0);
  return repo;
}

/** The preset's policy with a changelog file, so the release commands write and show one. */
export function withChangelogFile(policy: string): string {
  const variant = policy.replace('  changelog: false', '  changelog: CHANGELOG.md');
  expect(variant).toContain('changelog: CHANGELOG.md');
  return variant;
}
