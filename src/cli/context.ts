/** The CLI's workspace for the use cases: its directory, environment and clock. */
import type { Workspace } from '../app/context.js';
import type { CliIo } from './io.js';

export function workspace(io: CliIo, extra: Partial<Workspace> = {}): Workspace {
  return { cwd: io.cwd, env: io.env, clock: io.clock, ...extra };
}
