/**
 * A local stand-in for GitHub's REST API in tests: an HTTP server on 127.0.0.1 (random port),
 * started by the test, with state (repositories, pull requests, issue comments, labels, commit
 * statuses, milestones, collaborators' permissions). It implements only the routes Trellis uses
 * and checks EVERY request and response against GitHub's published OpenAPI description
 * (`@octokit/openapi`, loaded once per test file; only the operations used are compiled, with
 * ajv + ajv-formats). An unknown route, an invalid request body or a response that does not match
 * GitHub's schema is recorded in `failures` (tests assert it stays empty) and answered 400 (not retried).
 *
 * Responses are built from the schema: `instanceOf(schema, overlay)` fills every required field
 * with a valid placeholder and lays the state's own values over it, so a response carries
 * exactly GitHub's required shape without hand-written fixtures of every field.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: unknown };
interface Operation {
  method: string;
  template: string;
  re: RegExp;
  names: string[];
  op: Schema;
}

const require = createRequire(import.meta.url);
interface Spec {
  paths: Record<string, Record<string, Schema>>;
  components: Schema;
}
let spec: Spec | null = null;
let ajv: Ajv | null = null;
const compiled = new Map<string, ValidateFunction>();

function loadSpec(): Spec {
  if (spec) return spec;
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const loaded = JSON.parse(readFileSync(file, 'utf8')) as Spec;
  spec = loaded;
  ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true, discriminator: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addFormat('repo.nwo', /^[^/]+\/[^/]+$/);
  untypedNullable(loaded.components);
  ajv.addSchema({ components: loaded.components } as Schema, 'api');
  return loaded;
}

/**
 * OpenAPI 3.0 allows `nullable` beside `allOf`/`anyOf` without `type`; ajv refuses that, so
 * such a schema becomes `anyOf: [itself, {type: null}]`, which means the same.
 */
function untypedNullable(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(untypedNullable);
  if (!node || typeof node !== 'object') return;
  const o = node as Schema;
  for (const v of Object.values(o)) untypedNullable(v);
  if (o.nullable === true && o.type === undefined) {
    delete o.nullable;
    const inner = { ...o };
    for (const k of Object.keys(o)) delete o[k];
    o.anyOf = [inner, { type: 'null' }];
  }
}

/** `#/components/...` refs rewritten to the `api` schema ajv holds. */
function rebased(schema: unknown): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"api#/components/'));
  untypedNullable(copy);
  return copy;
}

function validator(key: string, schema: unknown): ValidateFunction {
  let v = compiled.get(key);
  if (!v) {
    v = (ajv as Ajv).compile(rebased(schema) as Schema);
    compiled.set(key, v);
  }
  return v;
}

function deref(s: unknown): Schema {
  let cur = s as Schema;
  while (cur && typeof cur.$ref === 'string') {
    const path = (cur.$ref as string).replace(/^#\//, '').split('/');
    let node: unknown = loadSpec();
    for (const p of path) node = (node as Schema)[p];
    cur = node as Schema;
  }
  return cur;
}

const PLACEHOLDER: Record<string, Json> = {
  'date-time': '2026-01-01T00:00:00Z',
  uri: 'https://github.invalid/x',
  email: 'someone@example.com',
  uuid: '00000000-0000-0000-0000-000000000000',
  date: '2026-01-01',
};

/** A valid instance of `schema`: every required field filled, `overlay`'s values laid over (recursively). */
export function instanceOf(schema: unknown, overlay?: Json): Json {
  const s = deref(schema);
  if (overlay === null) return null;
  const branches = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (branches) {
    const typed = branches.map(deref);
    const pick =
      overlay !== undefined
        ? (typed.find((b) => (b.type === 'object') === (typeof overlay === 'object' && !Array.isArray(overlay))) ?? typed[0])
        : (typed.find((b) => b.type !== 'null') ?? typed[0]);
    return instanceOf(pick, overlay);
  }
  if (s.allOf) {
    const merged: Schema = { type: 'object', properties: {}, required: [] };
    for (const part of (s.allOf as unknown[]).map(deref)) {
      Object.assign(merged.properties as Schema, part.properties ?? {});
      (merged.required as string[]).push(...((part.required as string[]) ?? []));
    }
    return instanceOf(merged, overlay);
  }
  if (s.type === 'object' || s.properties) {
    if (overlay === undefined && s.nullable) return null;
    const props = (s.properties ?? {}) as Schema;
    const ov = (overlay ?? {}) as { [k: string]: Json };
    const out: { [k: string]: Json } = {};
    for (const k of (s.required as string[] | undefined) ?? []) out[k] = instanceOf(props[k] ?? {}, ov[k]);
    for (const [k, v] of Object.entries(ov)) if (!(k in out)) out[k] = props[k] ? instanceOf(props[k], v) : v;
    return out;
  }
  if (s.type === 'array') {
    const items = (overlay ?? []) as Json[];
    return items.map((x) => instanceOf(s.items ?? {}, x));
  }
  if (overlay !== undefined) return overlay;
  if (s.nullable) return null;
  if (s.enum) return (s.enum as Json[])[0] as Json;
  if (s.type === 'string') return PLACEHOLDER[s.format as string] ?? 'x';
  if (s.type === 'integer' || s.type === 'number') return 1;
  if (s.type === 'boolean') return false;
  return null;
}

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(loadSpec().paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const names: string[] = [];
      const re = new RegExp(
        `^${template.replace(/\{([^}]+)\}/g, (_, n: string) => {
          names.push(n);
          return '([^/]+)';
        })}$`,
      );
      out.push({ method: method.toUpperCase(), template, re, names, op });
    }
  }
  return out;
}

export interface GhUser {
  login: string;
  id: number;
}
export interface GhLabel {
  name: string;
  color: string;
}
export interface GhComment {
  id: number;
  issue: number;
  body: string;
  user: GhUser;
}
export interface GhPull {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  merge_commit_sha: string | null;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  user: GhUser;
  labels: string[];
  milestone: number | null;
  commits: string[];
  requested_reviewers: string[];
}
export interface GhStatus {
  sha: string;
  state: string;
  context: string;
  description: string | null;
}
export interface GhMilestone {
  number: number;
  title: string;
  state: 'open' | 'closed';
}

export interface GhIssue {
  number: number;
  title: string;
  state: 'open' | 'closed';
  milestone: number | null;
}

export interface GhRelease {
  id: number;
  tag_name: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  make_latest: 'true' | 'false' | 'legacy';
}

/** The server's state: one repository `owner/repo`. */
export interface GhState {
  owner: string;
  repo: string;
  pulls: Map<number, GhPull>;
  comments: GhComment[];
  labels: Map<string, GhLabel>;
  statuses: GhStatus[];
  milestones: Map<number, GhMilestone>;
  releases: GhRelease[];
  /** Issues (not pull requests), numbered like them. */
  issues: Map<number, GhIssue>;
  permissions: Map<string, 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none'>;
  /** The token a GitHub App's installation gets (`apps/create-installation-access-token`). */
  installationToken: string;
  /** Numbers shared by issues and pull requests, as on GitHub. */
  nextNumber: number;
  nextId: number;
}

/** One request as seen by the server. */
export interface GhRequest {
  method: string;
  path: string;
  operationId: string;
  auth: string | undefined;
  body: unknown;
}

export interface GitHubServer {
  url: string;
  state: GhState;
  requests: GhRequest[];
  /** Unknown routes and schema violations: a test asserts this stays empty. */
  failures: string[];
  close(): Promise<void>;
  /** Adds a pull request (numbered like issues) and returns it. */
  addPull(p: Partial<GhPull> & Pick<GhPull, 'title' | 'head' | 'base' | 'user'>): GhPull;
}

// Request bodies reach a handler only after they matched the operation's schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (p: Record<string, string>, body: any, q: URLSearchParams, st: GhState) => [number, Json | undefined];

function userJson(u: GhUser): Json {
  return { login: u.login, id: u.id, type: 'User', url: `https://api.github.invalid/users/${u.login}` };
}

function pullJson(st: GhState, p: GhPull): Json {
  const repo = { name: st.repo, full_name: `${st.owner}/${st.repo}`, owner: userJson({ login: st.owner, id: 1 }) } as Json;
  const ref = (r: { ref: string; sha: string }) => ({
    ref: r.ref,
    sha: r.sha,
    label: `${st.owner}:${r.ref}`,
    repo,
    user: userJson({ login: st.owner, id: 1 }),
  });
  const milestone = p.milestone === null ? null : milestoneJson(st.milestones.get(p.milestone) as GhMilestone);
  return {
    number: p.number,
    id: 1000 + p.number,
    title: p.title,
    body: p.body,
    state: p.state,
    draft: p.draft,
    merged: p.merged,
    merged_at: p.merged ? '2026-01-01T00:00:00Z' : null,
    merge_commit_sha: p.merge_commit_sha,
    head: ref(p.head),
    base: ref(p.base),
    user: userJson(p.user),
    labels: p.labels.map((n) => labelJson(st, n)),
    milestone,
    commits: p.commits.length,
    html_url: `https://github.invalid/${st.owner}/${st.repo}/pull/${p.number}`,
    requested_reviewers: p.requested_reviewers.map((l) => userJson({ login: l, id: 7 })),
  };
}

function labelJson(st: GhState, name: string): Json {
  const l = st.labels.get(name) ?? { name, color: 'ededed' };
  return { name: l.name, color: l.color, id: 1, default: false, description: '' };
}
function milestoneJson(m: GhMilestone, st?: GhState): Json {
  const open = st ? [...st.issues.values()].filter((i) => i.milestone === m.number && i.state === 'open').length : 0;
  return { number: m.number, title: m.title, state: m.state, id: m.number, open_issues: open };
}
function issueJson(st: GhState, i: GhIssue): Json {
  const milestone = i.milestone === null ? null : milestoneJson(st.milestones.get(i.milestone) as GhMilestone, st);
  return { number: i.number, title: i.title, state: i.state, id: 2000 + i.number, milestone, user: userJson({ login: 'someone', id: 8 }) };
}
function releaseJson(st: GhState, r: GhRelease): Json {
  const url = `https://github.invalid/${st.owner}/${st.repo}/releases/tag/${encodeURIComponent(r.tag_name)}`;
  return {
    id: r.id,
    tag_name: r.tag_name,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    html_url: url,
    assets: [],
  };
}
function commentJson(st: GhState, c: GhComment): Json {
  return {
    id: c.id,
    body: c.body,
    user: userJson(c.user),
    html_url: `https://github.invalid/${st.owner}/${st.repo}/issues/${c.issue}#c${c.id}`,
  };
}

const pullOf = (st: GhState, n: string): GhPull | undefined => st.pulls.get(Number(n));
const NOT_FOUND: [number, Json] = [404, { message: 'Not Found', documentation_url: 'https://docs.github.com' }];

const handlers: Record<string, Handler> = {
  'pulls/get': (p, _b, _q, st) => {
    const pr = pullOf(st, p.pull_number as string);
    return pr ? [200, pullJson(st, pr)] : NOT_FOUND;
  },
  'pulls/list': (_p, _b, q, st) => {
    const head = q.get('head');
    const state = q.get('state') ?? 'open';
    const list = [...st.pulls.values()].filter(
      (pr) => (state === 'all' || pr.state === state) && (!head || `${st.owner}:${pr.head.ref}` === head),
    );
    return [200, list.map((pr) => pullJson(st, pr))];
  },
  'pulls/list-commits': (p, _b, _q, st) => {
    const pr = pullOf(st, p.pull_number as string);
    if (!pr) return NOT_FOUND;
    return [200, pr.commits.map((sha) => ({ sha, commit: { message: 'x' }, parents: [] }))];
  },
  'pulls/create': (_p, b, _q, st) => {
    const pr: GhPull = {
      number: st.nextNumber++,
      title: b.title,
      body: b.body ?? null,
      state: 'open',
      draft: b.draft ?? false,
      merged: false,
      merge_commit_sha: null,
      head: { ref: b.head, sha: '0'.repeat(40) },
      base: { ref: b.base, sha: '0'.repeat(40) },
      user: { login: 'trellis-bot', id: 99 },
      labels: [],
      milestone: null,
      commits: [],
      requested_reviewers: [],
    };
    st.pulls.set(pr.number, pr);
    return [201, pullJson(st, pr)];
  },
  'pulls/update': (p, b, _q, st) => {
    const pr = pullOf(st, p.pull_number as string);
    if (!pr) return NOT_FOUND;
    if (b.title !== undefined) pr.title = b.title;
    if (b.body !== undefined) pr.body = b.body;
    if (b.state !== undefined) pr.state = b.state;
    return [200, pullJson(st, pr)];
  },
  'pulls/request-reviewers': (p, b, _q, st) => {
    const pr = pullOf(st, p.pull_number as string);
    if (!pr) return NOT_FOUND;
    for (const r of (b.reviewers ?? []) as string[]) if (!pr.requested_reviewers.includes(r)) pr.requested_reviewers.push(r);
    return [201, pullJson(st, pr)];
  },
  'issues/list-comments': (p, _b, _q, st) => [
    200,
    st.comments.filter((c) => c.issue === Number(p.issue_number)).map((c) => commentJson(st, c)),
  ],
  'issues/create-comment': (p, b, _q, st) => {
    const c: GhComment = { id: st.nextId++, issue: Number(p.issue_number), body: b.body, user: { login: 'trellis-bot', id: 99 } };
    st.comments.push(c);
    return [201, commentJson(st, c)];
  },
  'issues/update-comment': (p, b, _q, st) => {
    const c = st.comments.find((x) => x.id === Number(p.comment_id));
    if (!c) return NOT_FOUND;
    c.body = b.body;
    return [200, commentJson(st, c)];
  },
  'issues/add-labels': (p, b, _q, st) => {
    const pr = pullOf(st, p.issue_number as string);
    if (!pr) return NOT_FOUND;
    for (const n of (b.labels ?? []) as string[]) if (!pr.labels.includes(n)) pr.labels.push(n);
    return [200, pr.labels.map((n) => labelJson(st, n))];
  },
  'issues/remove-label': (p, _b, _q, st) => {
    const pr = pullOf(st, p.issue_number as string);
    const name = decodeURIComponent(p.name as string);
    if (!pr || !pr.labels.includes(name)) return NOT_FOUND;
    pr.labels = pr.labels.filter((n) => n !== name);
    return [200, pr.labels.map((n) => labelJson(st, n))];
  },
  'issues/update': (p, b, _q, st) => {
    const issue = st.issues.get(Number(p.issue_number));
    if (issue) {
      if (b.milestone !== undefined) issue.milestone = b.milestone;
      if (b.state !== undefined) issue.state = b.state;
      return [200, issueJson(st, issue)];
    }
    const pr = pullOf(st, p.issue_number as string);
    if (!pr) return NOT_FOUND;
    if (b.milestone !== undefined) pr.milestone = b.milestone;
    return [200, { number: pr.number, title: pr.title, state: pr.state, id: 2000 + pr.number, user: userJson(pr.user) }];
  },
  'repos/get-collaborator-permission-level': (p, _b, _q, st) => {
    const role = st.permissions.get(p.username as string) ?? 'read';
    // as GitHub answers: `permission` is admin/write/read/none (maintain reads as write, triage as read); `role_name` is the role
    const perm = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
    return [200, { permission: perm, role_name: role, user: userJson({ login: p.username as string, id: 5 }) }];
  },
  'issues/list-milestones': (_p, _b, q, st) => [
    200,
    [...st.milestones.values()]
      .filter((m) => (q.get('state') ?? 'open') === 'all' || m.state === (q.get('state') ?? 'open'))
      .map((m) => milestoneJson(m, st)),
  ],
  'issues/list-for-repo': (_p, _b, q, st) => {
    const state = q.get('state') ?? 'open';
    const milestone = q.get('milestone');
    const list = [...st.issues.values()].filter(
      (i) => (state === 'all' || i.state === state) && (milestone === null || milestone === '*' || i.milestone === Number(milestone)),
    );
    return [200, list.map((i) => issueJson(st, i))];
  },
  'issues/update-milestone': (p, b, _q, st) => {
    const m = st.milestones.get(Number(p.milestone_number));
    if (!m) return NOT_FOUND;
    if (b.state !== undefined) m.state = b.state;
    if (b.title !== undefined) m.title = b.title;
    return [200, milestoneJson(m, st)];
  },
  'apps/get-repo-installation': () => [200, { id: 4242, app_id: 77, target_type: 'Organization', permissions: {}, events: [] }],
  'apps/create-installation-access-token': (p, _b, _q, st) =>
    Number(p.installation_id) === 4242
      ? [201, { token: st.installationToken, expires_at: '2099-01-01T00:00:00Z', permissions: {} }]
      : NOT_FOUND,
  'repos/get-release-by-tag': (p, _b, _q, st) => {
    const r = st.releases.find((x) => x.tag_name === p.tag && !x.draft);
    return r ? [200, releaseJson(st, r)] : NOT_FOUND;
  },
  'repos/create-release': (_p, b, _q, st) => {
    if (st.releases.some((x) => x.tag_name === b.tag_name))
      return [422, { message: 'Validation Failed', documentation_url: 'https://docs.github.com' }];
    const r: GhRelease = {
      id: st.nextId++,
      tag_name: b.tag_name,
      name: b.name ?? null,
      body: b.body ?? null,
      draft: b.draft ?? false,
      prerelease: b.prerelease ?? false,
      make_latest: b.make_latest ?? 'true',
    };
    st.releases.push(r);
    return [201, releaseJson(st, r)];
  },
  'repos/create-commit-status': (p, b, _q, st) => {
    const s: GhStatus = { sha: p.sha as string, state: b.state, context: b.context ?? 'default', description: b.description ?? null };
    st.statuses.push(s);
    return [201, { state: s.state, context: s.context, description: s.description, id: st.nextId++ }];
  },
};

/** Starts the server; `seed` sets the repository's name and starting state. */
export async function startGitHub(seed: { owner?: string; repo?: string } = {}): Promise<GitHubServer> {
  const ops = operations();
  const state: GhState = {
    owner: seed.owner ?? 'acme',
    repo: seed.repo ?? 'widget',
    pulls: new Map(),
    comments: [],
    labels: new Map(),
    statuses: [],
    milestones: new Map(),
    releases: [],
    issues: new Map(),
    permissions: new Map(),
    installationToken: 'ghs_INSTALLATIONtoken5566',
    nextNumber: 1,
    nextId: 100,
  };
  const requests: GhRequest[] = [];
  const failures: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        fail(res, `the test GitHub failed on ${req.method} ${req.url}: ${(e as Error).message}`);
      }
    });
  });

  function fail(res: ServerResponse, why: string): void {
    failures.push(why);
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: why }));
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const found = ops.map((o) => ({ o, m: o.method === method ? o.re.exec(url.pathname) : null })).find((x) => x.m);
    if (!found || !found.m) return fail(res, `unknown route ${method} ${url.pathname}`);
    const { o, m } = found;
    const opId = o.op.operationId as string;
    const params = Object.fromEntries(o.names.map((n, i) => [n, decodeURIComponent(m[i + 1] as string)]));
    let body: unknown = undefined;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return fail(res, `${opId}: request body is not JSON`);
      }
    }
    requests.push({ method, path: url.pathname, operationId: opId, auth: req.headers.authorization, body });
    const reqSchema = (o.op.requestBody as Schema | undefined)?.content as Schema | undefined;
    const bodySchema = (reqSchema?.['application/json'] as Schema | undefined)?.schema;
    if (bodySchema && body !== undefined) {
      const v = validator(`${opId}:request`, bodySchema);
      if (!v(body)) return fail(res, `${opId}: invalid request body ${JSON.stringify(body)}: ${ajvText(v)}`);
    }
    const h = handlers[opId];
    if (!h) return fail(res, `route not implemented by the test GitHub: ${opId} (${method} ${url.pathname})`);
    const [status, overlay] = h(params, body ?? {}, url.searchParams, state);
    const responses = o.op.responses as Record<string, Schema>;
    const declared = deref(responses[String(status)]);
    if (!declared) return fail(res, `${opId}: status ${status} is not a documented response`);
    const schema = ((declared.content as Schema | undefined)?.['application/json'] as Schema | undefined)?.schema;
    let payload: Json | undefined = overlay;
    if (schema && overlay !== undefined && status < 300) {
      payload = instanceOf(schema, overlay);
      const v = validator(`${opId}:${status}`, schema);
      if (!v(payload)) return fail(res, `${opId}: response does not match GitHub's schema: ${ajvText(v)}`);
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999' });
    res.end(payload === undefined ? '' : JSON.stringify(payload));
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    failures,
    close: () => new Promise<void>((r) => server.close(() => r())),
    addPull(p) {
      const pr: GhPull = {
        number: state.nextNumber++,
        body: null,
        state: 'closed',
        draft: false,
        merged: true,
        merge_commit_sha: null,
        labels: [],
        milestone: null,
        commits: [],
        requested_reviewers: [],
        ...p,
      };
      state.pulls.set(pr.number, pr);
      return pr;
    },
  };
}

function ajvText(v: ValidateFunction): string {
  return (v.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
    .join('; ');
}
