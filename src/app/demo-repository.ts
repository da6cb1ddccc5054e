/**
 * Use case `demoRepository`: builds the demo's sample repository (a Llama Stack-like history,
 * src/git/demo-history.ts) in a new temporary folder, and `removeDemoRepository` removes it.
 */
import { rm } from 'node:fs/promises';
import { buildDemoRepo, type DemoRepo } from '../git/demo-history.js';

export type { DemoRepo };

export interface DemoRepositoryRequest {
  /** The folder to build it under (default: the system's temporary folder). */
  parent?: string | undefined;
}

/** `trellis demo`: the sample repository, the same on every run. */
export async function demoRepository(_ctx: unknown, req: DemoRepositoryRequest = {}): Promise<DemoRepo> {
  return buildDemoRepo(req.parent !== undefined ? { parent: req.parent } : {});
}

/** Removes the folder `demoRepository` made. */
export async function removeDemoRepository(repo: DemoRepo): Promise<void> {
  await rm(repo.root, { recursive: true, force: true });
}
