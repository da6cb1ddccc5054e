/**
 * Text from users, commits, tags or branches made safe for one terminal line: control characters
 * (a newline, `\r` that would overwrite the line, escape sequences) are shown escaped (`\n`,
 * `\r`, `\x1b`), never sent raw. JSON output keeps them raw (JSON escapes them itself).
 * In core so that every front end (CLI, Action) escapes the same way.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
