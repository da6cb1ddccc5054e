import { describe, expect, it } from 'vitest';
import { trellis } from './helpers/cli.js';

describe('trellis CLI frame', () => {
  it('prints help with exit 0', async () => {
    const r = await trellis(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: trellis');
  });
  it('rejects an unknown command with exit 2 and a hint', async () => {
    const r = await trellis(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
  });
  it('rejects an unknown option with exit 2', async () => {
    const r = await trellis(['--frob']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frob'/);
  });
});
