/** How an exception to a rule is recorded in a commit or tag message: two trailers, a reason and an approval. */
import { parseTrailers, trailerValues } from '../changes/trailers.js';
import type { Policy } from '../policy/schema.js';

/** The recorded exception (`Trellis-Exception: <reason>` and `Approved-by: <who>`), or null when either is missing. */
export function recordedException(policy: Policy, message: string): { reason: string; approvedBy: string } | null {
  const t = parseTrailers(message);
  const reason = trailerValues(t, policy.check.exceptionTrailer).find((v) => v.trim() !== '');
  const approvedBy = trailerValues(t, policy.check.approvalTrailer).find((v) => v.trim() !== '');
  return reason && approvedBy ? { reason, approvedBy } : null;
}

/** A short commit id for messages. */
export function short(oid: string): string {
  return oid.slice(0, 10);
}

/** A subject quoted for a one-line message (long ones cut). */
export function quoted(subject: string): string {
  const s = subject.length > 72 ? `${subject.slice(0, 71)}…` : subject;
  return `"${s}"`;
}
