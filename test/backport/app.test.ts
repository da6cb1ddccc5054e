/**
 * The backport use cases called as a library would: a context opened from a workspace, a
 * request as data, a report as data (no text, no process exit code).
 */
import { describe, expect, it } from 'vitest';
import { abortBackport } from '../../src/app/backport-abort.js';
import { continueBackport } from '../../src/app/backport-continue.js';
import { backport, type BackportRequest } from '../../src/app/backport.js';
import { openAppOrDefaults } from '../../src/app/default-policy.js';
import type { FixtureRepo } from '../helpers/repo.js';
import { linesRepo, refs } from './fixture.js';

const clock = { now: () => new Date('2025-05-01T12:00:00Z') };
const open = (r: FixtureRepo, env: NodeJS.ProcessEnv = r.env) => openAppOrDefaults({ cwd: r.dir, env, clock });
const request = (revisions: string[], extra: Partial<BackportRequest> = {}): BackportRequest => ({
  revisions,
  to: [],
  auto: false,
  kind: null,
  introduced: null,
  keepGoing: false,
  mainline: null,
  forceEol: false,
  reason: null,
  dryRun: false,
  ...extra,
});

describe('backport use cases as a library', () => {
  it('plans and predicts in a dry run (report as data, no ref changed), then lands the same plan', async () => {
    const { r, fix } = await linesRepo();
    const ctx = await open(r);
    expect(ctx.policyFile).toBe('(default policy)');
    const before = await refs(r);
    const dry = await backport(ctx, request([fix], { to: ['1.0', 'release/1.1'], dryRun: true }));
    expect(await refs(r)).toBe(before);
    expect(dry).toMatchObject({ action: 'run', dryRun: true, exitCode: 0, landed: [0, 1], waiting: [] });
    expect(dry.plan?.targets.map((t) => [t.target.branch, t.resultRef])).toEqual([
      ['release/1.0', `refs/heads/backport/1.0/${fix.slice(0, 10)}`],
      ['release/1.1', `refs/heads/backport/1.1/${fix.slice(0, 10)}`],
    ]);
    expect(dry.results.map((x) => x.outcome)).toEqual(['clean', 'clean']);
    expect(dry.statePath).toBeUndefined();

    const run = await backport(ctx, request([fix], { to: ['1.0', 'release/1.1'] }));
    expect(run.results.map((x) => x.head)).toEqual(dry.results.map((x) => x.head)); // the same merges, the same objects
    expect(run.updates.map((u) => [u.ref, u.newOid, u.oldOid])).toEqual(dry.updates.map((u) => [u.ref, u.newOid, u.oldOid]));
    expect(await r.rev(`backport/1.0/${fix.slice(0, 10)}`)).toBe(run.results[0]?.head);
  });

  it('waits on a conflict, refuses to continue unresolved (data, exit intent 1), and aborts to the refs it started from', async () => {
    const { r, clash } = await linesRepo();
    const ctx = await open(r);
    const before = await refs(r);
    const rep = await backport(ctx, request([clash], { to: ['1.0'], conflicts: 'branch' }));
    expect(rep).toMatchObject({ exitCode: 1, waiting: [0], landed: [] });
    expect(rep.statePath).toMatch(/trellis[\\/]backport\.json$/);
    const cont = await continueBackport(ctx);
    expect(cont).toMatchObject({ action: 'continue', exitCode: 1 });
    expect(cont.markers?.[0]).toContain('not resolved yet');
    const abort = await abortBackport(ctx);
    expect(abort).toMatchObject({ action: 'abort', exitCode: 0 });
    expect(await refs(r)).toBe(before);
    await expect(continueBackport(ctx)).rejects.toThrow('no backport in progress');
  });

  it('the fault hook comes from the context environment only', async () => {
    const { r, fix } = await linesRepo();
    const ctx = await open(r, { ...r.env, TRELLIS_BACKPORT_FAULT: 'after-state' });
    await expect(backport(ctx, request([fix], { to: ['1.0'] }))).rejects.toThrow('injected fault');
    const again = await continueBackport(await open(r));
    expect(again).toMatchObject({ action: 'continue', exitCode: 0, landed: [0] });
  });
});
