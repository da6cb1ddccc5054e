/**
 * The status of a Goose-style extension, pure: from the core's phase and lines, the extension's
 * active branches and their pinned core versions, the branch type, the core version each active
 * branch must target, where each kind of pull request merges now, and the mismatches.
 */
import { branchTypeOf, FALLBACK_SAYS, mergeRule, TARGET_TABLE, tableRow } from './tables.js';
import type { ExtensionBranchRole, BranchType, CorePhase, CoreRef, ExtensionApi, PrFor } from './types.js';

/** The core as the tables read it: names only. */
export interface CoreView {
  phase: CorePhase;
  phaseSource: string;
  main: string;
  current: { line: string; branch: string | null; release: string | null } | null;
  next: { line: string; branch: string | null } | null;
}

export interface PinView {
  source: 'submodule' | 'workflow';
  value: string | null;
  where: string;
  matches: CoreRef[];
}

export interface BranchView {
  role: ExtensionBranchRole;
  branch: string;
  commit: string;
  pins: PinView[];
}

export interface ExtensionStatusInput {
  api: ExtensionApi;
  core: CoreView;
  branches: BranchView[];
  inactive: string[];
  ahead: string[];
}

export interface BranchTarget {
  role: ExtensionBranchRole;
  branch: string;
  /** The core versions this branch may target (the seed's table), by name: `v1.2.1`, `main`, `v1.3-ossivalis`. */
  targets: Array<{ ref: CoreRef; name: string }>;
  pins: Array<PinView & { ok: boolean }>;
}

export interface MergeAdvice {
  for: PrFor;
  /** The release it is for, by name (`1.2.2`, `1.3.0`, `1.4.0`). */
  release: string | null;
  /** The extension branch, or null when such a PR is impossible. */
  branch: string | null;
  says: string;
  quoted: boolean;
}

export interface ExtensionStatus {
  api: ExtensionApi;
  core: CoreView;
  type: BranchType;
  branches: BranchTarget[];
  merges: MergeAdvice[];
  inactive: string[];
  /** Mismatches (exit 1). */
  findings: string[];
  notes: string[];
}

/** The name of a core ref as the core has it today (`v1.2.1`, `v1.2-histrionicus`), or a placeholder. */
export function coreRefName(core: CoreView, ref: CoreRef): string {
  switch (ref) {
    case 'release':
      return core.current?.release ?? 'vx.y.z (no release yet)';
    case 'main':
      return core.main;
    case 'current':
      return core.current?.branch ?? `the ${core.current?.line ?? 'x.y'} branch`;
    case 'next':
      return core.next?.branch ?? `the ${core.next?.line ?? 'x.<y+1>'} branch (not cut yet)`;
  }
}

function releaseOf(core: CoreView, prFor: PrFor): string | null {
  const bump = (k: string | undefined, n: number) => {
    if (!k) return null;
    const [x, y] = k.split('.');
    return `${x}.${Number(y) + n}.0`;
  };
  if (prFor === 'patch') {
    const r = core.current?.release?.replace(/^v/, '');
    const m = r ? /^(\d+)\.(\d+)\.(\d+)$/.exec(r) : null;
    return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : core.current ? `${core.current.line}.x` : null;
  }
  return prFor === 'minor' ? (core.next ? `${core.next.line}.0` : null) : bump(core.next?.line, 1);
}

export function extensionStatus(input: ExtensionStatusInput): ExtensionStatus {
  const { core } = input;
  const has = (r: ExtensionBranchRole) => input.branches.some((b) => b.role === r);
  const type = branchTypeOf({ current: has('current'), next: has('next') });
  const out: ExtensionStatus = { api: input.api, core, type, branches: [], merges: [], inactive: input.inactive, findings: [], notes: [] };
  if (input.inactive.length > 0) out.notes.push(`inactive: ${input.inactive.join(', ')} (${FALLBACK_SAYS})`);
  for (const a of input.ahead) out.notes.push(`${a} is for a line after the core's next: not an active branch of the main release cycle`);
  if (input.api === 'in-tree') {
    out.notes.push(
      'in-tree extension: "与 Goose 完全同频" (in lockstep with Goose): versions and branches are the core\'s; use trellis target in the core',
    );
    return out;
  }
  if (input.api === 'stable') {
    out.notes.push(
      'stable API extension: its cycle is decoupled from the core ("每个扩展版本可面向 1 个或多个 Goose 版本": each version may target one or more Goose versions); the unstable-API tables do not apply',
    );
    return out;
  }
  if (has('next') && !has('current'))
    out.findings.push(
      `${input.branches.find((b) => b.role === 'next')!.branch} exists without a branch for ${core.current?.line ?? 'the current line'}: create that first (trellis extension switch two-branch)`,
    );
  if (core.phase === 'feature-freeze')
    out.notes.push(
      'the core is in feature freeze: "Bug-fixes for vx.y.<z+1> are no longer allowed, should target vx.<y+1>.0 instead"; "Features for vx.<y+1>.0 are no longer allowed, should target vx.<y+2>.0 instead" (for the core\'s own pull requests)',
    );
  const row = TARGET_TABLE[tableRow(core.phase)][type];
  if (row === null)
    out.findings.push(
      `${core.phase}: "Type: Three branch: should not exist" (the core has not cut ${core.next?.line ?? 'the next line'} yet)`,
    );
  for (const b of input.branches) {
    const refs = row?.[b.role] ?? [];
    const targets = refs.map((ref) => ({ ref, name: coreRefName(core, ref) }));
    const pins = b.pins.map((p) => ({ ...p, ok: p.value !== null && p.matches.some((m) => refs.includes(m)) }));
    for (const p of pins) {
      if (p.ok || refs.length === 0) continue;
      const want = targets.map((t) => t.name).join(' or ');
      out.findings.push(
        p.value === null
          ? `${b.branch}: no ${p.source} pin found in ${p.where}`
          : `${b.branch}: ${p.source} pin ${p.value.length === 40 ? p.value.slice(0, 12) : p.value} (${p.where}) does not target ${want} (${core.phase}, ${type}: "Extension ${b.role === 'main' ? 'main' : b.role === 'current' ? 'vx.y-codename' : 'vx.<y+1>-codename'} -> Goose ${refs.map(seedRef).join(' or ')}")`,
      );
    }
    out.branches.push({ role: b.role, branch: b.branch, targets, pins });
  }
  // What main builds against, for the single-branch rules: a core release (or the release branch), else a core branch.
  const matched = input.branches.find((b) => b.role === 'main')?.pins.flatMap((p) => p.matches) ?? [];
  const mainTarget: CoreRef | null =
    matched.includes('release') || matched.includes('current') ? 'release' : (matched.find((m) => m === 'main' || m === 'next') ?? null);
  const name = (r: ExtensionBranchRole | null) => (r === null ? null : (input.branches.find((b) => b.role === r)?.branch ?? null));
  for (const prFor of ['patch', 'minor', 'after'] as const) {
    const rule = mergeRule(core.phase, type, prFor, mainTarget);
    out.merges.push({ for: prFor, release: releaseOf(core, prFor), branch: name(rule.branch), says: rule.says, quoted: rule.quoted });
  }
  return out;
}

function seedRef(r: CoreRef): string {
  return { release: 'vx.y.z', main: 'main', current: 'vx.y-codename', next: 'vx.<y+1>-codename' }[r];
}
