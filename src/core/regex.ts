/** Text matched literally inside a regular expression built from parts. Pure. */

/** `text` with every regular-expression metacharacter escaped, to match itself. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
