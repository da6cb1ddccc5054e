/** `messageKind`: the kind of a whole commit message, also for projects without conventional commits (Tarantool). */
import { describe, expect, it } from 'vitest';
import { messageKind, subjectIsFix } from '../../src/core/changes/index.js';

describe('messageKind', () => {
  it('reads tarantool-style subjects: area prefix, then fix/fixes/fixed', () => {
    expect(messageKind('box: fix crash on empty space\n\nCloses #123\n')).toBe('bugfix');
    expect(messageKind('net.box: fixed a hang on reconnect')).toBe('bugfix');
    expect(messageKind('Fixes a leak in the applier')).toBe('bugfix');
    expect(messageKind('box: introduce the upgrade() function')).toBe('other');
    expect(messageKind('box: fixture for the new test')).toBe('other');
    expect(subjectIsFix('src/lib/core: fix overflow')).toBe(true);
  });

  it('keeps the shared classification first: trailers and conventional types win', () => {
    expect(messageKind('box: fix crash\n\nCVE: CVE-2026-1234\n')).toBe('security');
    expect(messageKind('feat: fix-ups for the config')).toBe('feature');
    // A conventional type that is neither a feature nor a fix stays other, even if its text says fix.
    expect(messageKind('docs: fix a typo')).toBe('other');
    expect(messageKind('applier: reconnect\n\nFixes: 0123456789abcdef\n')).toBe('bugfix');
    expect(messageKind('box: tidy up', ['kind/bug'])).toBe('bugfix');
  });
});
