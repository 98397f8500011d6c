// The scripting shared by the fake AI servers (gemini.ts, openai.ts): a queue of steps, each
// answering one model request, and a record of every request received. See those files for use.
import http from 'node:http';

/** How the fake answers one request. */
export type FakeStep =
  /** Success with this text (streamed word by word on a streaming request). */
  | { text: string; usage?: { input: number; output: number }; finishReason?: string }
  /** Success whose text is JSON.stringify(json) (structured output). */
  | { json: unknown; usage?: { input: number; output: number } }
  /**
   * A stream sent in exactly these pieces. `cut`: the connection is destroyed after the pieces,
   * before the final chunk. `hang`: after the pieces nothing more is sent until the client hangs up.
   */
  | { chunks: string[]; cut?: boolean; hang?: boolean; usage?: { input: number; output: number } }
  /** The provider's error JSON with this HTTP status (and a Retry-After header if given). */
  | { status: number; message?: string; retryAfter?: string }
  /** No answer at all until the client gives up (a hang past the timeout). */
  | { hang: true }
  /** This body as-is (e.g. malformed JSON) with status 200 unless given. */
  | { raw: string; status?: number; contentType?: string };

export interface FakeRequest {
  /** e.g. generateContent, streamGenerateContent, embedContent (Gemini); chat, embeddings (OpenAI). */
  method: string;
  model: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** True when the client hung up before the answer was complete (e.g. a cancelled call). */
  aborted: boolean;
  /** Resolves when the connection closes, however it closes. */
  closed: Promise<void>;
}

export interface FakeServerBase {
  /** Base URL to configure the provider with. */
  url: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Model requests (not embeddings) received, in order. */
  readonly modelRequests: FakeRequest[];
  /** Appends steps; each answers the next request. When the queue is empty, `fallback` answers. */
  enqueue(...steps: FakeStep[]): void;
  /** The answer used when no step is queued (default: a short text). */
  fallback: FakeStep;
  /** Steps not used yet. */
  pending(): number;
  /** Clears the queue, the fallback and the record. */
  reset(): void;
  close(): Promise<void>;
}

export interface Route {
  method: string;
  model: string;
  stream: boolean;
  embeddings: boolean;
}

export type Responder = (
  step: FakeStep,
  req: FakeRequest,
  res: http.ServerResponse,
  route: Route,
) => void | Promise<void>;

const DEFAULT_FALLBACK: FakeStep = { text: 'Fake model answer.' };

export async function startFakeServer(
  route: (req: http.IncomingMessage, url: URL) => Route | null,
  respond: Responder,
  embed: (req: FakeRequest, res: http.ServerResponse) => void,
  basePath: string,
): Promise<FakeServerBase> {
  const queue: FakeStep[] = [];
  const requests: FakeRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const state = { fallback: DEFAULT_FALLBACK };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const r = route(req, url);
    if (!r) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 404, message: `No route ${req.method} ${url.pathname}` } }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = rawBody;
    }
    let markClosed!: () => void;
    const record: FakeRequest = {
      method: r.method,
      model: r.model || (typeof body?.model === 'string' ? body.model : ''),
      path: url.pathname + url.search,
      headers: req.headers,
      body,
      aborted: false,
      closed: new Promise((resolve) => (markClosed = resolve)),
    };
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
      markClosed();
    });
    requests.push(record);
    if (r.embeddings) return embed(record, res);
    const step = queue.length ? queue.shift()! : state.fallback;
    await respond(step, record, res, r);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    get modelRequests() {
      return requests.filter((r) => !/embed/i.test(r.method));
    },
    enqueue: (...steps) => void queue.push(...steps),
    get fallback() {
      return state.fallback;
    },
    set fallback(step: FakeStep) {
      state.fallback = step;
    },
    pending: () => queue.length,
    reset() {
      queue.length = 0;
      requests.length = 0;
      state.fallback = DEFAULT_FALLBACK;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Splits text into stream pieces the way models send them (a few words at a time). */
export function pieces(text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 3) out.push(words.slice(i, i + 3).join(''));
  return out.length ? out : [''];
}

export const tick = () => new Promise((r) => setImmediate(r));

/** Deterministic small embedding of a text (for tests that exercise embeddings). */
export function fakeEmbedding(text: string, dims = 8): number[] {
  const v = new Array(dims).fill(0);
  for (let i = 0; i < text.length; i++) v[i % dims] += text.charCodeAt(i) / 1000;
  return v;
}
