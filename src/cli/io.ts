import { Writable } from 'node:stream';
import { TextDecoder } from 'node:util';
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
  /** Asks a person a question and resolves to the answer; absent when no one can answer (not a terminal, tests). */
  ask?: ((question: string) => Promise<string>) | undefined;
}

/** Writes one line (adds the newline). */
export function println(stream: CliIo['stdout'], text = ''): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Asks one question on the terminal (standard input and output are a TTY). */
export async function askOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
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

/** The reader of our output went away (EPIPE: `trellis missing | head`); see {@link writeChunk}. */
export class OutputClosed extends Error {
  constructor() {
    super('the output was closed by its reader');
  }
}

/** Bytes for an output that takes only text (a test's collector): decoded as a stream, so a character cut between two chunks stays whole. */
const decoders = new WeakMap<object, TextDecoder>();
function textOf(stream: object, bytes: Uint8Array): string {
  let d = decoders.get(stream);
  if (!d) decoders.set(stream, (d = new TextDecoder('utf-8', { ignoreBOM: true })));
  return d.decode(bytes, { stream: true });
}

/** What {@link writeChunk} reads of a Node stream, when the output is one (`process.stdout`). */
interface NodeOutput {
  destroyed?: boolean;
  once?(event: string, listener: (...args: unknown[]) => void): unknown;
  off?(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Writes one chunk of a long output and, when the stream's buffer is full, waits until it has
 * drained: a slow reader then holds the writer back instead of the process buffering the whole
 * output in memory. Rejects with {@link OutputClosed} once the reader has gone away. An output
 * that is not a Node stream (tests' strings) is written at once, bytes decoded to text.
 */
export async function writeChunk(stream: CliIo['stdout'], chunk: string | Uint8Array): Promise<void> {
  const s = stream as CliIo['stdout'] & NodeOutput;
  if (s.destroyed === true) throw new OutputClosed();
  const text = typeof chunk === 'string' || stream instanceof Writable ? chunk : textOf(stream, chunk);
  // a Node stream takes bytes as they are; anything else got them decoded above
  if (
    (stream as { write(c: string | Uint8Array): unknown }).write(text) !== false ||
    typeof s.once !== 'function' ||
    typeof s.off !== 'function'
  )
    return;
  await new Promise<void>((resolve, reject) => {
    const done = (): void => {
      s.off?.('drain', done);
      s.off?.('close', closed);
      s.off?.('error', closed);
      resolve();
    };
    const closed = (): void => {
      s.off?.('drain', done);
      s.off?.('close', closed);
      s.off?.('error', closed);
      reject(new OutputClosed());
    };
    s.once?.('drain', done);
    s.once?.('close', closed);
    s.once?.('error', closed);
  });
}
