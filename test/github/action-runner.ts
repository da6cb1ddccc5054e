/**
 * Runs the Action as GitHub runs it: `node dist/action/index.js` with the Actions environment
 * (INPUT_*, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH with a webhook payload, GITHUB_REPOSITORY,
 * GITHUB_WORKSPACE, GITHUB_API_URL = the test GitHub, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY).
 * Every output of every run is kept in `seen`, to search for the token.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GitHubServer } from '../helpers/github-server.js';
import type { GhProject } from './fixture.js';

const exec = promisify(execFile);
const BUNDLE = join(import.meta.dirname, '../../dist/action/index.js');
export const TOKEN = 'ghs_ACTIONsecret0987';
export const seen: string[] = [];
let dir: string | undefined;
let runs = 0;

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks as @actions/core writes them. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out[m[1] as string] = m[3] as string;
  return out;
}

export async function runAction(
  server: GitHubServer,
  p: GhProject,
  event: string,
  payload: object,
  inputs: Record<string, string> = {},
): Promise<ActionRun> {
  dir ??= await mkdtemp(join(tmpdir(), 'trellis-action-'));
  const n = ++runs;
  const eventPath = join(dir, `event-${n}.json`);
  const output = join(dir, `output-${n}`);
  const summary = join(dir, `summary-${n}`);
  await writeFile(eventPath, JSON.stringify(payload));
  await writeFile(output, '');
  await writeFile(summary, '');
  const env: NodeJS.ProcessEnv = {
    ...p.r.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/widget',
    GITHUB_WORKSPACE: p.workspace,
    GITHUB_API_URL: server.url,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    TRELLIS_NOW: '2026-01-10T00:00:00Z',
    INPUT_TOKEN: TOKEN,
    'INPUT_LABEL-PATTERN': 'backport {line}',
    INPUT_CONFLICTS: 'draft',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  let code = 0;
  let stdout = '';
  let stderr = '';
  try {
    ({ stdout, stderr } = await exec(process.execPath, [BUNDLE], { cwd: p.workspace, env }));
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    ({ code, stdout, stderr } = x);
  }
  const result = { code, stdout, stderr, outputs: parseOutputs(await readFile(output, 'utf8')), summary: await readFile(summary, 'utf8') };
  seen.push(stdout, stderr, await readFile(output, 'utf8'), result.summary);
  return result;
}
