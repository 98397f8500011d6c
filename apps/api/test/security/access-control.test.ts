// The access-control matrix (OWASP API1: broken object-level authorisation), generated from the
// app's own route table:
// - every route with a path parameter, called by user B with user A's ids (and with every mix of
//   A's and B's ids for nested routes), answers 404 in the error shape;
// - the same route, called by the owner on a fresh object of theirs, answers 2xx (or the status
//   OWNER_CALLS documents): the positive control, so a route broken for everyone fails;
// - every body field typed as a UUID, filled with each of A's ids, answers 404 (referencing
//   another's object as an attachment, citation, enrolment, ...);
// - nothing B sends changes any row of A's (a byte-for-byte snapshot of every table);
// - no response to B carries A's private text;
// - and below HTTP, as the app's database role with B's claim, no table or view shows A's rows,
//   and B's UPDATE/DELETE of every table touches none of them.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { expectErrorShape, signUp, startServer, type TestUser } from '../harness.ts';
import {
  FIXTURES,
  NOT_REFERENCES,
  OWNER_CALLS,
  PUBLIC_BY_DESIGN,
  PUBLIC_RELATIONS,
  type Fixture,
} from './fixtures.ts';
import {
  fillPath,
  routeTable,
  setPath,
  uuidFields,
  validSample,
  validSampleWith,
  type ApiRoute,
} from './support.ts';

const server = await startServer({
  env: {
    AUTH_RATE_LIMIT_PER_15_MIN: '10000',
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    RATE_LIMIT_PER_MINUTE: '100000',
  },
});
afterAll(async () => server?.close());

const routes = routeTable(server.routes).filter((r) => r.url.startsWith('/api/v1/'));
const withParams = routes.filter((r) => r.params.length > 0);
const withBodyIds = routes.filter((r) => r.schema.body && uuidFields(r.schema.body).length > 0);

/** The route's fixture, or an error saying which fixture to add. */
function requireFixture(route: ApiRoute): Fixture {
  const f = fixtureFor(route);
  if (!f)
    throw new Error(
      `No access-control fixture for ${route.key}. Add one to FIXTURES in apps/api/test/security/fixtures.ts ` +
        `with prefix '${route.url.split('/:')[0]}/:${route.params[0]}' (or longer) that creates a learner's object through the API ` +
        `and returns { ${route.params.join(', ')} }.`,
    );
  return f;
}

/** The deepest fixture at or above the route's URL, else one below it (it returns more params). */
function fixtureFor(route: ApiRoute): Fixture | undefined {
  const above = FIXTURES.filter((f) => route.url === f.prefix || route.url.startsWith(f.prefix + '/')).sort(
    (a, b) => b.prefix.length - a.prefix.length,
  );
  const below = FIXTURES.filter((f) => f.prefix.startsWith(route.url + '/')).sort(
    (a, b) => a.prefix.length - b.prefix.length,
  );
  return above[0] ?? below[0];
}

interface Owner {
  user: TestUser;
  canary: string;
  /** fixture prefix → its param values */
  objects: Map<string, Record<string, string>>;
  /** Errors from fixtures that could not be created (reported by the routes needing them). */
  failures: Map<string, string>;
}

async function makeOwner(name: string): Promise<Owner> {
  const user = await signUp(server, name);
  const canary = `canary-${name}-${crypto.randomBytes(6).toString('hex')}`;
  const owner: Owner = { user, canary, objects: new Map(), failures: new Map() };
  for (const f of FIXTURES) {
    try {
      owner.objects.set(f.prefix, await f.create({ server, user, canary }));
    } catch (err) {
      owner.failures.set(f.prefix, String(err));
    }
  }
  return owner;
}

/** The owner's globally unique ids (UUIDs; ids unique only within a parent, like 'l1', are not). */
const allIds = (o: Owner) =>
  [...new Set([o.user.id, ...[...o.objects.values()].flatMap((p) => Object.values(p))])].filter((id) =>
    /^[0-9a-f-]{36}$/i.test(id),
  );

/** Every row in every table (all schemas but the system's) that mentions one of A's ids. */
async function snapshotRowsOf(ids: string[]): Promise<string[]> {
  const tables = await sql<{ schema: string; name: string }>`
    select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_%'
     order by 1, 2`.execute(server.ctx.db.admin);
  const out: string[] = [];
  for (const t of tables.rows) {
    const rows = await sql<{
      j: string;
    }>`select row_to_json(x)::text as j from ${sql.table(`${t.schema}.${t.name}`)} x`.execute(
      server.ctx.db.admin,
    );
    for (const r of rows.rows)
      if (ids.some((id) => r.j.includes(id))) out.push(`${t.schema}.${t.name} ${r.j}`);
  }
  return out.sort();
}

let A: Owner;
let B: Owner;
/** The owner in the positive controls: a third learner, so A's snapshot stays untouched. */
let C: { user: TestUser; canary: string };
let before: string[];
beforeAll(async () => {
  A = await makeOwner('alice');
  B = await makeOwner('bob');
  C = {
    user: await signUp(server, 'carol'),
    canary: `canary-carol-${crypto.randomBytes(6).toString('hex')}`,
  };
  before = await snapshotRowsOf(allIds(A));
});

/** Checks one response to B: no 5xx, and none of A's private text or email. */
function expectNoLeak(res: { status: number; body: unknown }, what: string) {
  const text = JSON.stringify(res.body ?? '');
  expect(res.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(text.includes(A.canary), `${what} leaked A's private text`).toBe(false);
  expect(text.includes(A.user.email), `${what} leaked A's email`).toBe(false);
}

function bodyFor(route: ApiRoute, overrides: Record<string, unknown> = {}) {
  if (!route.schema.body) return route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
  return validSample(route.schema.body, 7, overrides) ?? {};
}
function queryFor(route: ApiRoute) {
  if (!route.schema.querystring) return '';
  const q = validSample(route.schema.querystring, 7) as Record<string, unknown> | undefined;
  if (!q) return '';
  const usp = new URLSearchParams();
  // Cursors are opaque tokens the server issued: a generated one is just invalid (a 400 that says
  // nothing about the object), so the matrix asks for the first page.
  for (const [k, v] of Object.entries(q))
    if (v !== undefined && typeof v !== 'object' && k !== 'cursor') usp.set(k, String(v));
  const s = usp.toString();
  return s ? `?${s}` : '';
}

describe('access-control matrix: routes with ids', () => {
  it('the route table was collected from the app', () => {
    expect(routes.some((r) => r.key === 'GET /api/v1/profile')).toBe(true);
    expect(withParams.length).toBeGreaterThan(0);
  });

  for (const route of withParams) {
    it(`${route.key}: another user's id is 404 and changes nothing`, async () => {
      const f = requireFixture(route);
      const aParams = A.objects.get(f.prefix);
      const bParams = B.objects.get(f.prefix);
      if (!aParams || !bParams)
        throw new Error(
          `Fixture '${f.prefix}' failed: ${A.failures.get(f.prefix) ?? B.failures.get(f.prefix)}`,
        );
      const missing = route.params.filter((p) => !(p in aParams));
      if (missing.length)
        throw new Error(
          `Fixture '${f.prefix}' returns no value for :${missing.join(', :')} of ${route.key}: extend it or add a longer one.`,
        );

      // Every mix of A's and B's ids with at least one of A's: B must reach none of A's objects,
      // including through a parent of B's own (e.g. B's session with A's message).
      const n = route.params.length;
      let tried = 0;
      for (let mask = 1; mask < 1 << n; mask++) {
        const params = Object.fromEntries(
          route.params.map((p, i) => [p, (mask >> i) & 1 ? aParams[p]! : bParams[p]!]),
        );
        // Ids that are only unique within a parent ('l1') are the same for both: that mix is B's own.
        if (route.params.every((p) => params[p] === bParams[p])) continue;
        tried++;
        const url = fillPath(route.url, params) + queryFor(route);
        const res = await B.user.api.call(route.method, url, bodyFor(route));
        const what = `${route.method} ${url} as B (${JSON.stringify(params)})`;
        expectNoLeak(res, what);
        if (PUBLIC_BY_DESIGN[route.key]) {
          expect(res.status, what).toBeLessThan(300);
        } else {
          expect(res.status, `${what}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(404);
          expectErrorShape(res.body);
          expect(res.body.error.requestId, what).toBeTruthy();
        }
      }
      expect(
        tried,
        `fixture '${f.prefix}' gave A and B the same ids: make each learner's object distinct`,
      ).toBeGreaterThan(0);
    });

    // The positive control: without it, a route broken for everyone (always 404) would pass above.
    const special = OWNER_CALLS[route.key];
    it(`${route.key}: the owner's own ids answer ${special?.status ?? '2xx'}`, async () => {
      const f = requireFixture(route);
      // Fresh objects for each route: this call may delete or change them.
      const params = await f.create({ server, user: C.user, canary: C.canary });
      await special?.before?.(C.user, params);
      const url = fillPath(route.url, params) + queryFor(route);
      const res = await C.user.api.call(route.method, url, bodyFor(route));
      const what = `${route.method} ${url} as the owner: ${JSON.stringify(res.body).slice(0, 300)}`;
      if (special?.status) expect(res.status, `${what} (${special.why})`).toBe(special.status);
      else
        expect(res.status >= 200 && res.status < 300, `${what}: expected 2xx, got ${res.status}`).toBe(true);
    });
  }
});

describe('access-control matrix: ids inside request bodies (attachments, citations, enrolments)', () => {
  it('finds the routes whose bodies carry ids (so the checks below are not an empty loop)', () => {
    expect(withBodyIds.map((r) => r.key)).toEqual(
      expect.arrayContaining(['POST /api/v1/chat', 'POST /api/v1/library']),
    );
  });

  for (const route of withBodyIds) {
    it(`${route.key}: each body id field filled with A's ids is refused with 404`, async () => {
      const fields = uuidFields(route.schema.body!);
      const exempt = NOT_REFERENCES[route.key] ?? [];
      const f = route.params.length ? fixtureFor(route) : undefined;
      const bParams = f ? B.objects.get(f.prefix) : {};
      if (route.params.length && !bParams)
        throw new Error(`No fixture for ${route.key} (see the test above).`);
      const url = fillPath(route.url, bParams ?? {}) + queryFor(route);
      for (const field of fields) {
        for (const id of allIds(A)) {
          const body =
            validSampleWith(route.schema.body!, field, id) ??
            setPath(bodyFor(route) as Record<string, unknown>, field, id, route.schema.body!);
          const res = await B.user.api.call(route.method, url, body);
          const what = `${route.method} ${url} as B with ${field.join('.')}=${id}`;
          expectNoLeak(res, what);
          if (!exempt.includes(field.join('.'))) {
            expect(res.status, `${what}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(404);
            expectErrorShape(res.body);
          }
        }
      }
    });
  }
});

describe('nothing B did changed anything of A’s', () => {
  it('every row that mentions A is byte-for-byte what it was', async () => {
    const after = await snapshotRowsOf(allIds(A));
    expect(after).toEqual(before);
    expect(before.length).toBeGreaterThan(0);
  });
});

// --------------------------------------------------------------------------------------------------
// Below HTTP: the app's database role with B's claim.

const db = server.ctx.db;
const relations = (
  await sql<{ schema: string; name: string; kind: string; rls: boolean; invoker: boolean }>`
    select n.nspname as schema, c.relname as name, c.relkind as kind, c.relrowsecurity as rls,
           coalesce(c.reloptions::text[] @> array['security_invoker=true'] or c.reloptions::text[] @> array['security_invoker=on'], false) as invoker
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p', 'v', 'm') and n.nspname in ('public', 'auth')
       and c.relname <> 'schema_migrations'
     order by 1, 2`.execute(db.admin)
).rows;

/** Runs `fn` as the authenticated role with `userId`'s claim, then rolls everything back. */
async function asUserRolledBack<T>(
  userId: string,
  fn: (tx: any) => Promise<T>,
): Promise<{ value?: T; error?: { code?: string; message: string } }> {
  const rollback = new Error('rollback');
  let value: T | undefined;
  try {
    await db.asUser(userId, async (tx) => {
      value = await fn(tx);
      throw rollback;
    });
  } catch (err: any) {
    if (err !== rollback) return { error: { code: err.code, message: err.message } };
  }
  return { value };
}

describe('row-level security, table by table, as the database role with B’s claim', () => {
  it('found the tables (the sweep is built from the catalog)', () => {
    expect(relations.some((r) => r.name === 'chat_messages')).toBe(true);
  });

  for (const rel of relations) {
    const qname = `${rel.schema}.${rel.name}`;
    if (rel.schema === 'public' && (rel.kind === 'r' || rel.kind === 'p')) {
      it(`${qname} has row-level security enabled`, () => {
        expect(rel.rls, `${qname} has RLS off: enable it and add policies keyed on auth.uid()`).toBe(true);
      });
    }
    if (rel.kind === 'v' && rel.schema === 'public' && !PUBLIC_RELATIONS[rel.name]) {
      it(`view ${qname} runs with the caller's rights (security_invoker)`, () => {
        expect(
          rel.invoker,
          `view ${qname} runs as its owner and bypasses RLS: create it WITH (security_invoker = true), or list it in PUBLIC_RELATIONS with a reason`,
        ).toBe(true);
      });
    }

    it(`${qname}: B reads none of A's rows`, async () => {
      const ids = allIds(A);
      const r = await asUserRolledBack(B.user.id, (tx) =>
        sql<{ j: string }>`select row_to_json(x)::text as j from ${sql.table(qname)} x`.execute(tx),
      );
      if (r.error) {
        // No privilege at all (auth.*): that is a refusal, which is fine.
        expect(r.error.code, `${qname}: ${r.error.message}`).toBe('42501');
        return;
      }
      const rows = (r.value as { rows: { j: string }[] }).rows.map((x) => x.j);
      const mine = rows.filter(
        (j) => j.includes(A.canary) || j.includes(A.user.email) || ids.some((id) => j.includes(id)),
      );
      if (PUBLIC_RELATIONS[rel.name]) {
        expect(
          mine.filter((j) => j.includes(A.canary) || j.includes(A.user.email)),
          `${qname} is public but showed private text`,
        ).toEqual([]);
      } else {
        expect(mine, `${qname} showed B rows of A's`).toEqual([]);
      }
    });

    if (rel.kind === 'r' || rel.kind === 'p') {
      it(`${qname}: B's UPDATE and DELETE of the whole table touch none of A's rows`, async () => {
        const ids = allIds(A);
        const touchesA = (rows: { j: string }[]) =>
          rows.filter((x) => ids.some((id) => x.j.includes(id)) || x.j.includes(A.canary));
        // Columns B may update at all (column grants).
        const cols = await sql<{ column_name: string }>`
          select column_name from information_schema.column_privileges
           where grantee = 'authenticated' and privilege_type = 'UPDATE' and table_schema = ${rel.schema} and table_name = ${rel.name}`.execute(
          db.admin,
        );
        for (const c of cols.rows) {
          const r = await asUserRolledBack(B.user.id, (tx) =>
            sql<{
              j: string;
            }>`update ${sql.table(qname)} x set ${sql.ref(c.column_name)} = x.${sql.ref(c.column_name)} returning row_to_json(x)::text as j`.execute(
              tx,
            ),
          );
          if (r.error)
            expect(
              ['42501', '23514', '23505', '23503', '22P02'],
              `${qname}.${c.column_name}: ${r.error.message}`,
            ).toContain(r.error.code);
          else
            expect(
              touchesA((r.value as any).rows),
              `B's update of ${qname}.${c.column_name} reached A's rows`,
            ).toEqual([]);
        }
        const d = await asUserRolledBack(B.user.id, (tx) =>
          sql<{ j: string }>`delete from ${sql.table(qname)} x returning row_to_json(x)::text as j`.execute(
            tx,
          ),
        );
        if (d.error) expect(['42501', '23503'], `${qname}: ${d.error.message}`).toContain(d.error.code);
        else expect(touchesA((d.value as any).rows), `B's delete on ${qname} reached A's rows`).toEqual([]);
      });
    }
  }

  it('security-definer functions pin their search_path (no hijack through a schema B can write)', async () => {
    const fns = await sql<{ name: string; config: string[] | null }>`
      select p.oid::regprocedure::text as name, p.proconfig as config from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where p.prosecdef and n.nspname in ('public', 'auth')`.execute(db.admin);
    const unpinned = fns.rows.filter((f) => !(f.config ?? []).some((c) => c.startsWith('search_path=')));
    expect(unpinned.map((f) => f.name)).toEqual([]);
  });

  it('the authenticated role cannot create objects in public (no planting functions or tables)', async () => {
    const r = await asUserRolledBack(B.user.id, (tx) => sql`create table public.planted (x int)`.execute(tx));
    expect(r.error?.code).toBe('42501');
  });
});
