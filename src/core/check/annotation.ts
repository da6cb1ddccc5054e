/**
 * A `trellis check` finding as a GitHub workflow command (an annotation on the pull request's
 * files). Shared by the CLI's `--format github` and the Action, so both print the same line.
 */
import { escapeControl } from '../text.js';
import type { CheckFinding } from './types.js';

/** GitHub's escaping of a workflow command's message (other control characters shown escaped, as on a terminal). */
function escapeData(s: string): string {
  return escapeControl(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** GitHub's escaping of a workflow command's property value (also `:` and `,`). */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A finding as a GitHub workflow command: `::error file=…,line=…,col=…,title=…::message`. */
export function githubAnnotation(f: CheckFinding): string {
  const props: string[] = [];
  if (f.file !== undefined) props.push(`file=${escapeProperty(f.file)}`);
  if (f.fileLine !== undefined) props.push(`line=${f.fileLine}`);
  if (f.fileColumn !== undefined) props.push(`col=${f.fileColumn}`);
  props.push(`title=${escapeProperty(`trellis check: ${f.rule}`)}`);
  return `::${f.severity} ${props.join(',')}::${escapeData(f.message)}`;
}
