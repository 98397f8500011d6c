import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse';

describe('createSseParser', () => {
  it('parses named events split across arbitrary chunks', () => {
    const push = createSseParser();
    const stream = 'event: message\ndata: {"id":1}\n\n: heartbeat\n\nevent: delta\ndata: {"text":"Hel"}\n\nevent: delta\ndata: {"text":"lo"}\n\nevent: done\ndata: {}\n\n';
    const events = [];
    for (let i = 0; i < stream.length; i += 7) events.push(...push(stream.slice(i, i + 7)));
    expect(events).toEqual([
      { event: 'message', data: '{"id":1}' },
      { event: 'delta', data: '{"text":"Hel"}' },
      { event: 'delta', data: '{"text":"lo"}' },
      { event: 'done', data: '{}' },
    ]);
  });

  it('joins multi-line data, accepts CRLF and defaults the event name', () => {
    const push = createSseParser();
    expect(push('data: a\r\ndata: b\r\n\r\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('holds an incomplete event until its blank line arrives', () => {
    const push = createSseParser();
    expect(push('event: delta\ndata: {"text":"x"}\n')).toEqual([]);
    expect(push('\n')).toEqual([{ event: 'delta', data: '{"text":"x"}' }]);
  });
});
