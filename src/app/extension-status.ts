/**
 * Use case `extension status`: a Goose-style extension against its core's phase: the branch type,
 * the core version each active branch must target, where each kind of pull request merges now,
 * and the pins that disagree (exit 1).
 */
import { extensionStatus, type ExtensionStatus } from '../core/extension/status.js';
import type { AppContext } from './context.js';
import { readExtensionFacts } from './extension-shared.js';

export interface ExtensionStatusRequest {
  /** The day to answer for (`YYYY-MM-DD`); default: today. */
  date?: string | undefined;
}

export interface ExtensionStatusReport extends ExtensionStatus {
  warnings: string[];
  exitCode: 0 | 1;
}

export async function extensionStatusOf(ctx: AppContext, req: ExtensionStatusRequest = {}): Promise<ExtensionStatusReport> {
  const facts = await readExtensionFacts(ctx, req.date);
  const status = extensionStatus(facts.input);
  return { ...status, warnings: facts.warnings, exitCode: status.findings.length > 0 ? 1 : 0 };
}
