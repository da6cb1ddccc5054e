/**
 * `trellis target` in a Goose-style extension: the seed's "PR 应合并到哪里" (where PRs merge)
 * table answers, by the core's phase and the extension's branch type, instead of the core's own.
 */
import type { TargetAdvice, TargetKind } from '../lines/target-types.js';
import type { ExtensionStatus } from './status.js';
import type { PrFor } from './types.js';

export interface ExtensionTargetInput {
  status: ExtensionStatus;
  kind: TargetKind;
  /** `--for` as given, and the line it names (`1.2`), or null. */
  for: { text: string; line: string } | null;
  date: string;
}

/** Which release the change is for: `--for`'s line, else fixes for the patch and features for the minor. */
export function prForOf(status: ExtensionStatus, kind: TargetKind, forLine: string | null): PrFor {
  if (forLine === null) return kind === 'feature' ? 'minor' : 'patch';
  if (forLine === status.core.current?.line) return 'patch';
  if (forLine === status.core.next?.line) return 'minor';
  return 'after';
}

export function extensionAdvice(input: ExtensionTargetInput): TargetAdvice {
  const { status, kind } = input;
  const asked = prForOf(status, kind, input.for?.line ?? null);
  // Features never ship in a patch ("Features ... should target vx.<y+1>.0 instead").
  const prFor: PrFor = asked === 'patch' && kind === 'feature' ? 'minor' : asked;
  let m = status.merges.find((x) => x.for === prFor)!;
  const notes: string[] = [...status.findings.map((f) => `mismatch: ${f}`)];
  let allowed = prFor === asked;
  let reason = `${status.core.phase}, ${status.type} extension: ${m.quoted ? `"${m.says}"` : `${m.says} (derived from the target table: the seed lists no pull-request rule for this phase)`}`;
  if (m.branch === null) {
    // "PR for vx.y.<z+1> are impossible": the next minor is where it can go.
    allowed = false;
    const instead = status.merges.find((x) => x.for === 'minor')!;
    reason = `${reason}; instead: ${instead.quoted ? `"${instead.says}"` : instead.says}`;
    m = instead;
  } else if (!allowed) reason = `features are not released in a patch; ${reason}`;
  return {
    kind,
    for: input.for?.text ?? null,
    date: input.date,
    model: 'extension',
    phase: status.core.phase,
    phaseSource: status.core.phaseSource,
    allowed,
    branch: m.branch ?? 'main',
    line: null,
    release: m.release,
    create: null,
    reason,
    mergeBack: [],
    backports: [],
    skipped: [],
    notes,
  };
}
