/** Writing exported advisories (`advisory export --out DIR`): one file per advisory, the folder made when missing. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export async function writeExportFiles(cwd: string, out: string, docs: ReadonlyArray<{ name: string; text: string }>): Promise<string[]> {
  const dir = resolve(cwd, out);
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const d of docs) {
    const p = join(dir, d.name);
    await writeFile(p, d.text);
    paths.push(p);
  }
  return paths;
}
