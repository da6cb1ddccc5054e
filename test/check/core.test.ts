/** The pure parts of `trellis check`: the conflict-marker scan and the testing-window verdict (shared with `trellis release`). */
import { describe, expect, it } from 'vitest';
import { conflictMarkers, testingWindowVerdict, windowedType } from '../../src/core/check/index.js';
import { getScheme } from '../../src/core/version/index.js';

const pep = getScheme('pep440');

describe('conflictMarkers', () => {
  it('finds the markers of a merge and of a diff3 conflict, CRLF included', () => {
    expect(conflictMarkers('a\n<<<<<<< HEAD\nb\n||||||| base\nc\n=======\nd\n>>>>>>> x\n')).toEqual([
      { line: 2, marker: '<<<<<<<' },
      { line: 4, marker: '|||||||' },
      { line: 6, marker: '=======' },
      { line: 8, marker: '>>>>>>>' },
    ]);
    expect(conflictMarkers('<<<<<<<\r\nx\r\n>>>>>>>\r\n')).toHaveLength(2);
  });

  it('ignores Setext headings, longer runs, indented text and binary files', () => {
    expect(conflictMarkers('Title\n=======\n')).toEqual([]);
    expect(conflictMarkers('<<<<<<<< eight\n  <<<<<<< indented\n>>>>>>>x\n')).toEqual([]);
    expect(conflictMarkers('\0<<<<<<< HEAD\n')).toEqual([]);
  });
});

describe('testingWindowVerdict', () => {
  const window = { minor: '1 week', major: '2 weeks', requireRc: true };

  it('judges minors and majors only', () => {
    expect(windowedType(pep.parse('1.2.0'))).toBe('minor');
    expect(windowedType(pep.parse('0.5.0'))).toBe('minor');
    expect(windowedType(pep.parse('2.0.0'))).toBe('major');
    expect(windowedType(pep.parse('1.2.1'))).toBeNull();
    expect(windowedType(pep.parse('1.2.0rc1'))).toBeNull();
    expect(testingWindowVerdict(window, pep.parse('1.2.1'), [], '2026-01-01')).toEqual({ ok: true });
  });

  it('counts the window from the first release candidate, by type', () => {
    const rcs = [
      { version: '2.0.0rc2', date: '2026-01-10' },
      { version: '2.0.0rc1', date: '2026-01-05' },
    ];
    const early = testingWindowVerdict(window, pep.parse('2.0.0'), rcs, '2026-01-18');
    expect(early).toMatchObject({ ok: false, why: 'too-early', allowedFrom: '2026-01-19' });
    expect(testingWindowVerdict(window, pep.parse('2.0.0'), rcs, '2026-01-19')).toEqual({ ok: true });
    expect(testingWindowVerdict({ requireRc: true }, pep.parse('2.0.0'), rcs, '2026-01-06')).toEqual({ ok: true });
  });

  it('requires a release candidate unless requireRc is false', () => {
    expect(testingWindowVerdict(window, pep.parse('1.3.0'), [], '2026-01-01')).toMatchObject({
      ok: false,
      why: 'no-rc',
      allowedFrom: null,
    });
    expect(testingWindowVerdict({ ...window, requireRc: false }, pep.parse('1.3.0'), [], '2026-01-01')).toEqual({ ok: true });
  });
});
