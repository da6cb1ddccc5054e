/**
 * `trellis missing --explain SHA [--json]`: why a change has its kind, instead of the matrix.
 * The flag lives on `missing` (the kinds it explains are the ones the matrix shows); this file
 * opens a context, calls the `explainChange` use case and prints its result as text or JSON.
 */
import { Option } from 'commander';
import { openApp } from '../app/context.js';
import { workspace } from './context.js';
import type { CliIo } from './io.js';
import { jsonStyle, toJson, type JsonFlag } from './output.js';

/** The `--explain <sha>` option (not with the matrix's own flags). */
export function explainOption(): Option {
  return new Option(
    '--explain <sha>',
    'instead of the matrix, why this commit has its kind: the policy rule (changes.rules) or signal that decided, with --json as JSON',
  ).conflicts(['markdown', 'all', 'since', 'kind', 'line']);
}

/** Prints the explanation of `sha`'s kind. */
export async function printExplanation(
  io: CliIo,
  sha: string,
  flags: { json?: JsonFlag | undefined; repo?: string | undefined; policy?: string | undefined },
): Promise<void> {
  // Loaded here, not with `missing`: a warm `missing` (the result cache's answer) stays small.
  const [{ explainChange }, { formatExplanation }] = await Promise.all([
    import('../app/explain-change.js'),
    import('../core/changes/explain.js'),
  ]);
  const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
  const explanation = await explainChange(ctx, { commit: sha });
  io.stdout.write(flags.json ? toJson(explanation, jsonStyle(flags.json, io)) : formatExplanation(explanation));
}
