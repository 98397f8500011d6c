// Small HTTP helpers for the crash, load and journey scripts: JSON calls, SSE reads, pagination.
export interface Reply {
  status: number;
  body: any;
}

export async function call(
  base: string,
  method: string,
  url: string,
  token?: string,
  body?: unknown,
  timeoutMs = 60_000,
): Promise<Reply> {
  const res = await fetch(base + url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

export interface SseEvent {
  event: string;
  data: any;
}

/** One Server-Sent Events block (the text between blank lines) as an event; null for comments. */
function parseSseBlock(block: string): SseEvent | null {
  const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
  const data = block
    .split('\n')
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trimStart())
    .join('\n');
  if (!data) return null;
  try {
    return { event, data: JSON.parse(data) };
  } catch {
    return { event, data };
  }
}

/** Reads a Server-Sent Events body to its end, calling `onEvent` as each event arrives. */
export async function readSse(
  res: Response,
  onEvent: (e: SseEvent) => void = () => {},
): Promise<{ events: SseEvent[]; text: string }> {
  const events: SseEvent[] = [];
  let text = '';
  let pending = '';
  const decoder = new TextDecoder();
  const take = (final: boolean) => {
    const blocks = pending.split(/\n\n+/);
    pending = final ? '' : blocks.pop()!;
    for (const block of blocks) {
      const e = parseSseBlock(block);
      if (!e) continue;
      events.push(e);
      onEvent(e);
    }
  };
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const piece = decoder.decode(chunk, { stream: true });
    text += piece;
    pending += piece;
    take(false);
  }
  take(true);
  return { events, text };
}

/** POSTs and reads a whole Server-Sent Events stream: status, events in order, and the bytes. */
export async function callStream(
  base: string,
  url: string,
  token: string,
  body: unknown,
  timeoutMs = 60_000,
) {
  const res = await fetch(base + url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'text/event-stream',
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const { events, text } = await readSse(res);
  return { status: res.status, events, contentType: res.headers.get('content-type') ?? '', text };
}

export async function listAll(base: string, token: string, url: string, timeoutMs = 60_000): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const r = await call(
      base,
      'GET',
      `${url}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      token,
      undefined,
      timeoutMs,
    );
    if (r.status !== 200) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  return out;
}

/** RSS of a process in MiB (Linux /proc), or NaN where that is not readable. */
export async function rssMiB(pid: number): Promise<number> {
  const fs = await import('node:fs');
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}
