import type { Clock } from '../adapters/clock.js';

/** Everything a command may touch outside the process, so tests run the CLI in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Reads all of standard input; resolves to '' when stdin is a terminal. */
  readStdin(): Promise<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
}

/** Writes one line (adds the newline). */
export function println(stream: CliIo['stdout'], text = ''): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

export async function readAllStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Splits stdin into lines, dropping one trailing newline and CRs. Empty input gives []. */
export function stdinLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
