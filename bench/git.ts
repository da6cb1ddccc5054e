/**
 * Runs the real git for a benchmark's fixture repository (the benches build theirs with
 * `git fast-import`): `input` is streamed to git's stdin in pieces of about 1 MiB, stdout is
 * returned whole, and a failure rejects with git's stderr.
 */
import { spawn } from 'node:child_process';

export function benchGit(cwd: string, env: NodeJS.ProcessEnv, args: string[], input?: Iterable<string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out).toString()) : reject(new Error(`git ${args[0]} failed: ${err}`))));
    child.stdin.on('error', () => undefined);
    if (!input) {
      child.stdin.end();
      return;
    }
    void (async () => {
      let buf = '';
      for (const chunk of input) {
        buf += chunk;
        if (buf.length > 1 << 20) {
          if (!child.stdin.write(buf)) await new Promise((r) => child.stdin.once('drain', r));
          buf = '';
        }
      }
      child.stdin.end(buf);
    })();
  });
}
