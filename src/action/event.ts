/**
 * What an Actions event asks the Action to do: a pure decision from the event's name, its
 * webhook payload and the `command` input. Events that change nothing relevant (another label,
 * a pull request closed without merging, an ordinary comment) are `ignore` with the reason, so
 * the run ends at once without touching git or the API.
 */
import { askOfLabel, asksOfComment } from '../core/github/backport.js';

export const COMMANDS = ['backport', 'release', 'status', 'missing', 'check'] as const;
export type Command = (typeof COMMANDS)[number];

export type Decision =
  | { kind: 'backport'; pull: number; asks: string[] | null }
  | { kind: 'comment'; pull: number; body: string; commenter: string }
  | { kind: 'conflict-status'; pull: number }
  | { kind: 'status' }
  | { kind: 'missing' }
  | { kind: 'check'; pull?: { number: number; base: string; head: string } }
  | { kind: 'release'; line: string | null }
  | { kind: 'ignore'; why: string };

interface Payload {
  action?: string;
  ref?: string;
  label?: { name?: string };
  pull_request?: { number?: number; merged?: boolean; head?: { ref?: string; sha?: string }; base?: { ref?: string } };
  issue?: { number?: number; pull_request?: unknown };
  comment?: { body?: string; user?: { login?: string } };
}

/** The command an event means when the `command` input is empty. */
export function defaultCommand(eventName: string): Command {
  if (eventName === 'pull_request_target' || eventName === 'pull_request' || eventName === 'issue_comment') return 'backport';
  if (eventName === 'push' || eventName === 'release') return 'release';
  return 'status';
}

/** Decides what to do for `eventName` with `payload`, the `command` input (empty: from the event) and the label pattern. */
export function decide(eventName: string, payload: Payload, command: string, labelPattern: string, line = ''): Decision {
  const cmd = (command || defaultCommand(eventName)) as Command;
  if (!(COMMANDS as readonly string[]).includes(cmd))
    return { kind: 'ignore', why: `unknown command '${command}' (choices: ${COMMANDS.join(', ')})` };
  if (cmd === 'status') return { kind: 'status' };
  if (cmd === 'missing') return { kind: 'missing' };
  if (cmd === 'check') return checkDecision(eventName, payload);
  if (cmd === 'release') return releaseDecision(eventName, payload, line);
  if (eventName === 'issue_comment') return commentDecision(payload);
  if (eventName !== 'pull_request_target' && eventName !== 'pull_request')
    return { kind: 'ignore', why: `backport runs on pull_request_target and issue_comment events, not ${eventName}` };
  const pr = payload.pull_request;
  if (!pr?.number) return { kind: 'ignore', why: 'the event has no pull request' };
  if (payload.action === 'synchronize' || payload.action === 'opened' || payload.action === 'reopened') {
    return pr.head?.ref?.startsWith('backport/')
      ? { kind: 'conflict-status', pull: pr.number }
      : { kind: 'ignore', why: `#${pr.number} is not a backport pull request` };
  }
  if (payload.action === 'closed') {
    return pr.merged
      ? { kind: 'backport', pull: pr.number, asks: null }
      : { kind: 'ignore', why: `#${pr.number} was closed without merging` };
  }
  if (payload.action === 'labeled') {
    const name = payload.label?.name ?? '';
    const ask = askOfLabel(name, labelPattern);
    if (ask === null) return { kind: 'ignore', why: `label '${name}' is not a backport label (${labelPattern})` };
    if (!pr.merged) return { kind: 'ignore', why: `#${pr.number} is not merged yet; its backport labels are read when it is` };
    return { kind: 'backport', pull: pr.number, asks: [ask] };
  }
  return { kind: 'ignore', why: `nothing to do for pull request action '${payload.action ?? ''}'` };
}

function commentDecision(payload: Payload): Decision {
  if (payload.action !== 'created') return { kind: 'ignore', why: `comment ${payload.action ?? ''}, not created` };
  const n = payload.issue?.number;
  if (!n || !payload.issue?.pull_request) return { kind: 'ignore', why: 'the comment is on an issue, not a pull request' };
  const body = payload.comment?.body ?? '';
  if (asksOfComment(body) === null) return { kind: 'ignore', why: 'the comment is not a /backport command' };
  return { kind: 'comment', pull: n, body, commenter: payload.comment?.user?.login ?? '' };
}

/** `check` on a pull request event: about the pull request (its base branch, its head commit); on any other event: the repository's state. */
function checkDecision(eventName: string, payload: Payload): Decision {
  if (eventName !== 'pull_request' && eventName !== 'pull_request_target') return { kind: 'check' };
  const pr = payload.pull_request;
  const base = pr?.base?.ref;
  const head = pr?.head?.sha;
  if (!pr?.number || !base || !head) return { kind: 'ignore', why: 'the event has no pull request with a base branch and a head commit' };
  return { kind: 'check', pull: { number: pr.number, base, head } };
}

/**
 * `release`: the `line` input, else, on a push, the pushed branch's line (the workflow names the
 * branches it releases). A published GitHub release is not a reason to release again.
 */
function releaseDecision(eventName: string, payload: Payload, line: string): Decision {
  if (line) return { kind: 'release', line };
  if (eventName === 'release') return { kind: 'ignore', why: 'a GitHub release event; Trellis makes releases, it does not follow them' };
  if (eventName !== 'push') return { kind: 'release', line: null };
  const ref = payload.ref ?? '';
  if (!ref.startsWith('refs/heads/')) return { kind: 'ignore', why: `a push of ${ref || 'no ref'}, not of a branch` };
  return { kind: 'release', line: ref.slice('refs/heads/'.length) };
}
