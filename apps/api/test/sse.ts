// Reads a Server-Sent Events response into { event, data } records (data JSON-parsed), and keeps
// comment lines (heartbeats) as { event: ':' }. `onEvent` may abort the request (client disconnect).
export interface SseEvent {
  event: string;
  data: any;
}

export async function readSse(
  res: Response,
  onEvent?: (e: SseEvent, all: SseEvent[]) => void,
): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = res.body!.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        let event = 'message';
        const data: string[] = [];
        let comment = false;
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comment = true;
          else if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        const e: SseEvent =
          comment && !data.length
            ? { event: ':', data: null }
            : { event, data: data.length ? JSON.parse(data.join('\n')) : null };
        events.push(e);
        onEvent?.(e, events);
      }
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  }
  return events;
}
