/**
 * Semantic checks of `extension` and `extensions` (after the schema): the core is in exactly one
 * place, paths are repository paths, and each pin's pattern compiles and captures a value.
 * Problems are located at the value that causes them.
 */
import { repoFilePathProblem } from '../repo-path.js';
import type { Path, PolicyDocument } from './problems.js';
import type { Policy } from './schema.js';

type Pin = { file: string; pattern: string };

function checkPin(ctx: PolicyDocument, base: Path, pin: Pin | undefined): void {
  if (!pin) return;
  const problem = repoFilePathProblem(pin.file);
  if (problem) ctx.at([...base, 'file'], problem);
  try {
    new RegExp(pin.pattern);
    // A pattern with a group captures the value; `|` makes it match '' so RegExp counts the groups.
    const groups = new RegExp(`${pin.pattern}|`).exec('')!.length - 1;
    if (groups < 1) ctx.at([...base, 'pattern'], 'the pattern needs a capture group: its first group is the value');
  } catch (e) {
    ctx.at([...base, 'pattern'], `not a regular expression: ${(e as Error).message}`);
  }
}

/** Checks `extension` (in an extension) and `extensions` (in its core); problems go to `ctx`. */
export function checkExtension(extension: Policy['extension'], extensions: Policy['extensions'], ctx: PolicyDocument): void {
  if (extension) {
    const places = (['submodule', 'path', 'remote'] as const).filter((k) => extension.core[k] !== undefined);
    if (places.length !== 1)
      ctx.at(['extension', 'core'], `give exactly one of submodule, path and remote (the core's repository), not ${places.length}`);
    if (extension.core.submodule !== undefined) {
      const problem = repoFilePathProblem(extension.core.submodule);
      if (problem) ctx.at(['extension', 'core', 'submodule'], problem);
    }
    checkPin(ctx, ['extension', 'workflow'], extension.workflow);
    checkPin(ctx, ['extension', 'config'], extension.config);
  }
  extensions?.forEach((e, i) => checkPin(ctx, ['extensions', i, 'config'], e.config));
}
