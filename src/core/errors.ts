/**
 * Errors are data: a stable code, a one-line message, an exit code and optional details.
 * Every failure a user can cause is a TrellisError; the CLI prints `trellis: <message>` and
 * exits with `exitCode` (2 for usage or bad input, 1 for findings such as conflicts).
 * Anything else that escapes is a bug and is reported as such.
 */
export type ErrorCode =
  | 'usage'
  | 'bad-input'
  | 'bad-version'
  | 'policy'
  | 'git'
  | 'git-too-old'
  | 'not-a-repository'
  | 'unknown-revision'
  | 'bad-ref-name'
  | 'not-found'
  | 'exists'
  | 'refused'
  | 'conflict'
  | 'findings'
  | 'github';

export interface SourceLocation {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
}

export class TrellisError extends Error {
  override readonly name = 'TrellisError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly exitCode: 1 | 2 = 2,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function usageError(message: string, details?: unknown): TrellisError {
  return new TrellisError('usage', message, 2, details);
}

export function badInput(message: string, details?: unknown): TrellisError {
  return new TrellisError('bad-input', message, 2, details);
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

export function isTrellisError(e: unknown): e is TrellisError {
  return e instanceof TrellisError;
}
