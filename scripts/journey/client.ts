// How the journey talks to the server: every request goes through one Traffic recorder (so no 5xx
// and no broken connection goes unseen), auth goes through the real @supabase/supabase-js, and
// /api/v1 through plain fetch with the device's access token, as the app does.
import { createClient, type Session, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { readSse, type SseEvent } from '../lib/http.ts';

const REQUEST_TIMEOUT_MS = 60_000;
/** Refresh a little before expiry, as supabase-js's auto-refresh does in the app. */
const REFRESH_MARGIN_S = 15;

/** Every response and transport error of one run. */
export class Traffic {
  requests = 0;
  readonly serverErrors: string[] = [];
  readonly transportErrors: string[] = [];
  /** Set while the server is being killed: connections it breaks are expected then. */
  crashing = false;

  readonly fetch: typeof fetch = async (input, init) => {
    this.requests++;
    const url = input instanceof Request ? input.url : String(input);
    const what = `${init?.method ?? 'GET'} ${new URL(url).pathname}`;
    try {
      const res = await fetch(input, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...init });
      if (res.status >= 500)
        this.serverErrors.push(`${what} → ${res.status} ${(await res.clone().text()).slice(0, 300)}`);
      return res;
    } catch (err) {
      if (!this.crashing) this.transportErrors.push(`${what}: ${(err as Error).message}`);
      throw err;
    }
  };
}

/** A response the journey did not expect: the step that made the request fails with this. */
export class Unexpected extends Error {
  constructor(what: string, status: number, body: unknown) {
    super(`${what} → ${status} ${JSON.stringify(body).slice(0, 400)}`);
  }
}

/** supabase-js errors of a 5xx carry no message: name and status say what happened. */
const describe = (error: { name?: string; status?: number; message?: string } | null) =>
  error ? `${error.name ?? 'error'} ${error.status ?? ''} ${error.message ?? ''}`.trim() : 'no session';

export interface Reply {
  status: number;
  body: any;
}

/** One signed-in app install: its own supabase-js client and session. */
export class Device {
  readonly auth: SupabaseClient;
  session: Session | null = null;

  constructor(
    public base: string,
    private traffic: Traffic,
  ) {
    this.auth = createClient(base, 'chitchat-anon-key', {
      auth: { persistSession: false, autoRefreshToken: false },
      global: { fetch: traffic.fetch },
      realtime: { transport: ws as any },
    });
  }

  async signUp(email: string, password: string) {
    const { data, error } = await this.auth.auth.signUp({ email, password });
    if (error || !data.session) throw new Error(`sign-up of ${email} failed: ${describe(error)}`);
    this.session = data.session;
  }

  async signIn(email: string, password: string) {
    const { data, error } = await this.auth.auth.signInWithPassword({ email, password });
    if (error || !data.session) throw new Error(`sign-in of ${email} failed: ${describe(error)}`);
    this.session = data.session;
  }

  async refresh() {
    const { data, error } = await this.auth.auth.refreshSession();
    if (error || !data.session) throw new Error(`refresh failed: ${describe(error)}`);
    this.session = data.session;
  }

  /** The access token, refreshed first when it is about to expire. */
  async token(): Promise<string> {
    if (!this.session) throw new Error('not signed in');
    if ((this.session.expires_at ?? 0) - Date.now() / 1000 < REFRESH_MARGIN_S) await this.refresh();
    return this.session!.access_token;
  }

  /** Any request with this device's (fresh) token, or with `opts.token` to send a given one. */
  async request(method: string, path: string, body?: unknown, opts: { token?: string } = {}): Promise<Reply> {
    const token = opts.token ?? (await this.token());
    const res = await this.traffic.fetch(this.base + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = text;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: json };
  }

  /** A request that must answer `expect`; anything else throws Unexpected. */
  async api(
    method: string,
    path: string,
    body?: unknown,
    expect = method === 'POST' ? [200, 201, 202] : [200],
  ): Promise<any> {
    const r = await this.request(method, path, body);
    if (!expect.includes(r.status)) throw new Unexpected(`${method} ${path}`, r.status, r.body);
    return r.body;
  }

  /** Every item of a keyset-paged list. */
  async all(path: string): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await this.api(
        'GET',
        `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /** POSTs to a Server-Sent Events route and reads the stream to its end (or until the server dies). */
  async stream(
    path: string,
    body: unknown,
    onEvent?: (e: SseEvent) => void,
  ): Promise<{ status: number; events: SseEvent[] }> {
    const res = await this.traffic.fetch(this.base + path, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await this.token()}`,
        'content-type': 'application/json',
        accept: 'text/event-stream',
      },
      body: JSON.stringify(body),
    });
    if (!res.headers.get('content-type')?.startsWith('text/event-stream'))
      throw new Unexpected(`POST ${path}`, res.status, await res.text());
    const { events } = await readSse(res, onEvent);
    return { status: res.status, events };
  }

  /** Puts bytes to a signed upload URL (no bearer token: the signature is the permission). */
  async put(url: string, headers: Record<string, string>, bytes: Buffer): Promise<Reply> {
    const res = await this.traffic.fetch(url.startsWith('/') ? this.base + url : url, {
      method: 'PUT',
      headers,
      body: new Uint8Array(bytes),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}
