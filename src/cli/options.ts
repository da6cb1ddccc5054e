/** Options and exit codes shared by the commands (kept apart from main.ts, which imports the commands). */
import { Option, type Command } from 'commander';

/** `--repo PATH` shared by every command that reads a repository. */
export function repoOption(): Option {
  return new Option('--repo <path>', 'repository to work on (default: the current directory)');
}

/** Commands report their own exit code (1 for findings) through `setExitCode`. */
const exitCodes = new WeakMap<Command, number>();
export function setExitCode(cmd: Command, code: number): void {
  let root = cmd;
  while (root.parent) root = root.parent;
  exitCodes.set(root, Math.max(exitCodes.get(root) ?? 0, code));
}

/** The exit code the commands asked for (0 when none did). */
export function exitCodeOf(program: Command): number {
  return exitCodes.get(program) ?? 0;
}
