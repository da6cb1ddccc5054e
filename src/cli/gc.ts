/**
 * Forced garbage collections are the CLI entry point's choice (bin.ts), never library code's:
 * `--expose-gc` switched on at run time changes the whole process, which a library user's
 * process must not inherit from a call into Trellis. bin.ts calls {@link allowForcedGc}; a
 * command hands {@link forcedGc} to the use cases that can use it (`missing` on long ranges:
 * V8 runs no full collection during a cold run on a long history, and the run's peak memory is
 * then garbage; see docs/missing.md, "Why peak RSS was bimodal").
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let allowed = false;
let fullGc: (() => void) | null | undefined;

/** Lets commands force full collections in this process (the entry point's call). */
export function allowForcedGc(): void {
  allowed = true;
}

/** A full collection, when the entry point allowed them; else undefined. */
export function forcedGc(): (() => void) | undefined {
  return allowed ? collect : undefined;
}

/**
 * The collector is reached the way Jest's leak detector does it (`--expose-gc` set at run time
 * on first use, `gc` taken from a new context): no flag is needed when Node starts, and a run
 * that never asks pays nothing. Does nothing where the flag cannot be set.
 */
// Written by hand: Node has no API to ask for a collection without `--expose-gc` at start.
function collect(): void {
  if (fullGc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      fullGc = runInNewContext('gc') as () => void;
    } catch {
      fullGc = null;
    }
  }
  fullGc?.();
}
