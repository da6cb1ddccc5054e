/**
 * Conventional Commits 1.0.0 headers and breaking-change footers.
 *
 * `type(scope)!: subject`, then an optional body, then footers (`Token: value` or
 * `Token #value`, the last paragraph). A change is breaking when the header has `!` or a
 * `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer is present. Parsing is by hand because it is a
 * handful of regular expressions; the libraries for it bring in their own preset machinery.
 */

export interface Footer {
  token: string;
  value: string;
}

export interface ConventionalCommit {
  /** lower-cased type: `feat`, `fix`, `docs`, ... */
  type: string;
  scope: string | null;
  /** `!` in the header or a BREAKING CHANGE footer */
  breaking: boolean;
  subject: string;
  /** body without the footers ('' when none) */
  body: string;
  footers: Footer[];
  /** texts of BREAKING CHANGE footers, in order */
  breakingNotes: string[];
}

const HEADER = /^([A-Za-z][A-Za-z0-9_-]*)(?:\(([^()\r\n]*)\))?(!)?: +(\S.*)$/;
const FOOTER = /^(BREAKING CHANGE|BREAKING-CHANGE|[A-Za-z0-9][A-Za-z0-9-]*)(?:: | #)(.*)$/;

export interface ConventionalHeader {
  type: string;
  scope: string | null;
  bang: boolean;
  subject: string;
}

/** Parses the first line of a commit message; null when it is not a conventional header. */
export function parseConventionalHeader(line: string): ConventionalHeader | null {
  const m = HEADER.exec(line.trimEnd());
  if (!m) return null;
  const scope = m[2] === undefined ? null : (m[2] as string).trim();
  return { type: (m[1] as string).toLowerCase(), scope: scope === '' ? null : scope, bang: m[3] === '!', subject: (m[4] as string).trim() };
}

function paragraphs(lines: string[]): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (l.trim() === '') {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(l);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Footers of a paragraph, or null when its first line is not a footer. */
function readFooters(par: string[]): Footer[] | null {
  const out: Footer[] = [];
  for (const line of par) {
    const m = FOOTER.exec(line);
    if (m) out.push({ token: m[1] as string, value: (m[2] as string).trim() });
    else if (out.length === 0) return null;
    else {
      const last = out[out.length - 1] as Footer;
      last.value = `${last.value}\n${line.trim()}`.trim();
    }
  }
  return out;
}

/** Parses a whole commit message; null when the header is not conventional. */
export function parseConventional(message: string): ConventionalCommit | null {
  const lines = message.replace(/\r\n/g, '\n').split('\n');
  const header = parseConventionalHeader(lines[0] ?? '');
  if (!header) return null;
  const pars = paragraphs(lines.slice(1));
  const lastPar = pars.length > 0 ? (pars[pars.length - 1] as string[]) : null;
  const footers = lastPar ? readFooters(lastPar) : null;
  const bodyPars = footers ? pars.slice(0, -1) : pars;
  const breakingNotes = (footers ?? []).filter((f) => f.token === 'BREAKING CHANGE' || f.token === 'BREAKING-CHANGE').map((f) => f.value);
  // Tools commonly write the BREAKING CHANGE note in the body; honour it there as well.
  for (const par of bodyPars) {
    for (const l of par) {
      const m = /^BREAKING[ -]CHANGE: *(.*)$/.exec(l);
      if (m) breakingNotes.push((m[1] as string).trim());
    }
  }
  return {
    type: header.type,
    scope: header.scope,
    breaking: header.bang || breakingNotes.length > 0,
    subject: header.subject,
    body: bodyPars.map((p) => p.join('\n')).join('\n\n'),
    footers: footers ?? [],
    breakingNotes,
  };
}
