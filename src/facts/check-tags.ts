/**
 * Facts `trellis check` reads besides commits (see ./check.ts): version tags with the branches
 * that hold them and their messages, and the changes the coverage ledger of `trellis missing`
 * finds missing, with their dates.
 */
import type { AdvisoryFixes } from '../core/advisory/fixes.js';
import type { MissingChange, TagFact } from '../core/check/types.js';
import { coverageFlow } from '../core/coverage/flow.js';
import type { LineToday } from '../core/lines/today.js';
import { compareDates, dateOf } from '../core/policy/duration.js';
import type { Policy } from '../core/policy/schema.js';
import type { Git } from '../git/index.js';
import { coverageLines } from './coverage/lines.js';

/**
 * The version tags of the release lines. Judged (`inScope`): with `inRange` (a pull request),
 * the tags on its commits; else the tags of lines not end-of-life dated by `date`. Pre-releases
 * come along as context (the testing window counts from the first one).
 */
export async function readTagFacts(
  git: Git,
  policy: Policy,
  lines: readonly LineToday[],
  date: string,
  inRange: ReadonlySet<string> | null,
): Promise<TagFact[]> {
  const tags: TagFact[] = [];
  for (const l of lines) {
    if (l.kind !== 'release') continue;
    for (const t of [...l.line.releases, ...l.line.prereleases]) {
      if (t.commit === null) continue;
      const inScope = inRange ? inRange.has(t.commit) : l.status !== 'end-of-life' && (t.date === null || compareDates(t.date, date) <= 0);
      tags.push({
        tag: t.tag,
        version: t.version,
        line: l.key,
        commit: t.commit,
        date: t.date,
        prerelease: t.prerelease,
        message: '',
        heldBy: [],
        onDevelopment: false,
        inScope,
      });
    }
  }
  const judged = tags.filter((t) => t.inScope);
  if (judged.length === 0) return tags;
  await holders(git, lines, judged);
  const finals = judged.filter((t) => !t.prerelease);
  const objects = await git.readObjects(finals.map((t) => `refs/tags/${t.tag}`));
  objects.forEach((o, i) => {
    if (o?.type !== 'tag') return;
    const text = o.content.toString('utf8');
    const split = text.indexOf('\n\n');
    const message = split < 0 ? '' : text.slice(split + 2);
    // A signed tag's signature follows the message (GPG, SSH, X.509 armor): the trailers come before it.
    const signature = message.search(/^-----BEGIN [A-Z ]*SIGNATURE-----$/m);
    finals[i]!.message = signature < 0 ? message : message.slice(0, signature);
  });
  return tags;
}

/**
 * Fills `heldBy` and `onDevelopment`: first the tags' own lines and the development branch (one
 * `rev-list` each); then, only for tags neither holds (rare), every other line with a branch, to
 * name where they are.
 */
async function holders(git: Git, lines: readonly LineToday[], judged: TagFact[]): Promise<void> {
  const own = new Set(judged.map((t) => t.line));
  const first = lines.filter((l) => l.kind === 'development' || own.has(l.key));
  await markHolders(git, first, judged);
  const stray = judged.filter((t) => !t.onDevelopment && !t.heldBy.includes(t.line));
  if (stray.length > 0)
    await markHolders(
      git,
      lines.filter((l) => l.kind === 'release' && !first.includes(l)),
      stray,
    );
}

async function markHolders(git: Git, lines: readonly LineToday[], tags: TagFact[]): Promise<void> {
  const commits = [...new Set(tags.map((t) => t.commit))];
  for (const l of lines) {
    const tip = l.line.branchCommit;
    if (tip === null) continue;
    // Every branch of the line (per-release branches `release/0.6.0`, `release/0.6.1`) may hold the tag.
    const found = new Set<string>();
    for (const b of l.line.branches.length > 0 ? l.line.branches : [{ commit: tip }]) {
      if (b.commit === null) continue;
      for (const c of await git.reachableFrom(b.commit, commits)) found.add(c);
    }
    for (const t of tags) {
      if (!found.has(t.commit)) continue;
      if (l.kind === 'development') t.onDevelopment = true;
      else t.heldBy.push(l.key);
    }
  }
}

/** The changes the coverage ledger finds missing on a line that must have them (lines as of `date`), with their committer dates. */
export async function readMissingChanges(
  git: Git,
  policy: Policy,
  date: string,
  remote: string | null | undefined,
  advisoryFixes?: AdvisoryFixes,
): Promise<MissingChange[]> {
  const lines = await coverageLines(git, policy, date, [], { remote });
  const { runCoverage } = await import('./coverage/run.js');
  const run = await runCoverage(git, { policy, lines: lines.columns, refs: lines.refs, flow: coverageFlow(policy), advisoryFixes });
  const branchOf = new Map(lines.columns.map((c) => [c.key, c.branch]));
  const out: MissingChange[] = [];
  for (const row of run.rows()) {
    const missing = Object.entries(row.states)
      .filter(([, s]) => s.state === 'missing')
      .map(([key]) => (branchOf.has(key) ? { line: key, branch: branchOf.get(key)! } : { line: key, branch: key, development: true }));
    if (missing.length > 0) out.push({ commit: row.commit, subject: row.subject, kind: row.kind, date: '', missing });
  }
  if (out.length === 0) return out;
  const commits = await git.readCommits(out.map((c) => c.commit));
  commits.forEach((c, i) => {
    const m = / (\d+) [+-]\d{4}$/.exec(c.committerLine);
    out[i]!.date = m ? dateOf(new Date(Number(m[1]) * 1000)) : date;
  });
  return out;
}
