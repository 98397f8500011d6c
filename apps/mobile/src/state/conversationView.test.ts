import type { ChatMessage, ChatMessageMetadata } from '@chitchat/contracts';
import { describe, expect, it } from 'vitest';
import { fromServer, mergeMessages, type ViewMessage } from './conversationView';

const SESSION = '00000000-0000-4000-8000-000000000000';
let seq = 0;

function saved(role: ChatMessage['role'], content: string, metadata: ChatMessageMetadata = {}): ChatMessage {
  seq += 1;
  const id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return {
    id,
    sessionId: SESSION,
    role,
    content,
    mediaUrl: null,
    mediaType: null,
    metadata,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
  };
}

/** A question and its answer as the API saves them. */
function turn(question: string, answer: string): [ChatMessage, ChatMessage] {
  const q = saved('user', question, { status: 'answered' });
  return [q, saved('assistant', answer, { status: 'answered', replyTo: q.id })];
}

/** The same saved messages as this visit watched them arrive. */
const watched = (m: ChatMessage): ViewMessage => ({ ...fromServer(m), key: `live-${m.id}` });
const contents = (list: ViewMessage[]) => list.map((m) => m.content);

describe('mergeMessages', () => {
  it('shows the saved history newest first when nothing happened on this visit', () => {
    const [q1, a1] = turn('What is a cell?', 'The unit of life.');
    const [q2, a2] = turn('And a nucleus?', 'It keeps the DNA.');
    expect(contents(mergeMessages([a2, q2, a1, q1], []))).toEqual([
      'It keeps the DNA.',
      'And a nucleus?',
      'The unit of life.',
      'What is a cell?',
    ]);
  });

  it('puts this visit’s turns below the saved ones, each message once, after the history is refreshed', () => {
    const [q1, a1] = turn('What is a cell?', 'The unit of life.');
    const [q2, a2] = turn('And a nucleus?', 'It keeps the DNA.');
    const [q3, a3] = turn('And DNA?', 'The instructions.');
    const live = [q2, a2, q3, a3].map(watched);
    const merged = mergeMessages([a3, q3, a2, q2, a1, q1], live);
    expect(contents(merged)).toEqual([
      'The instructions.',
      'And DNA?',
      'It keeps the DNA.',
      'And a nucleus?',
      'The unit of life.',
      'What is a cell?',
    ]);
    expect(merged.slice(0, 4).map((m) => m.key)).toEqual([a3, q3, a2, q2].map((m) => `live-${m.id}`));
  });

  it('lets a live answer the server has not named yet stand for the saved answer to the same question', () => {
    const [q1, a1] = turn('What is a cell?', 'The unit of life.');
    const q2 = saved('user', 'And a nucleus?', { status: 'interrupted' });
    const partial = saved('assistant', 'It keeps', { status: 'interrupted', replyTo: q2.id });
    const live: ViewMessage[] = [
      { ...watched(q2), error: 'You stopped this answer.' },
      { key: 'a1', role: 'assistant', content: 'It keeps', replyTo: q2.id, createdAt: partial.createdAt },
    ];
    const merged = mergeMessages([partial, q2, a1, q1], live);
    expect(contents(merged)).toEqual(['It keeps', 'And a nucleus?', 'The unit of life.', 'What is a cell?']);
    expect(merged[1]?.error).toBe('You stopped this answer.');
  });

  it('lets a new answer saved in place of an old one (regenerate, edit) hide the old one before the history is read again', () => {
    const [q1, a1] = turn('What is a nucleus?', 'A kind of room.');
    const regenerated: ViewMessage = {
      key: 'g1',
      id: '00000000-0000-4000-8000-999999999999',
      role: 'assistant',
      content: 'It holds the DNA.',
      replyTo: q1.id,
      createdAt: a1.createdAt,
    };
    expect(contents(mergeMessages([a1, q1], [regenerated]))).toEqual([
      'It holds the DNA.',
      'What is a nucleus?',
    ]);
  });

  it('keeps a saved answer that no live message stands for', () => {
    const [q1, a1] = turn('What is a cell?', 'The unit of life.');
    const optimistic: ViewMessage = {
      key: 'u1',
      role: 'user',
      content: 'And a nucleus?',
      createdAt: a1.createdAt,
    };
    expect(contents(mergeMessages([a1, q1], [optimistic]))).toEqual([
      'And a nucleus?',
      'The unit of life.',
      'What is a cell?',
    ]);
  });
});

describe('fromServer', () => {
  it('shows why a saved question has no answer', () => {
    // In the learner's words, not the provider's.
    expect(
      fromServer(
        saved('user', 'Hi', {
          status: 'failed',
          error: {
            code: 'ai_upstream_error',
            message: 'The AI provider failed (HTTP 500). Please retry shortly.',
          },
        }),
      ).error,
    ).toBe('ChitChat couldn’t answer just now. Try again in a moment.');
    expect(fromServer(saved('user', 'Hi', { status: 'pending' })).error).toBe(
      'No answer arrived for this question.',
    );
    expect(fromServer(saved('assistant', 'It keeps', { status: 'interrupted' })).stopped).toBe(true);
    expect(fromServer(saved('user', 'Hi', { status: 'interrupted' })).error).toBe('The answer was stopped.');
    expect(fromServer(saved('user', 'Hi', { status: 'answered' })).error).toBeNull();
  });
});

describe('fromServer', () => {
  it('marks an offline-mode answer, which the screen offers no Save for', () => {
    expect(fromServer(saved('assistant', 'Offline mode: …', { provider: 'offline' })).offline).toBe(true);
    expect(fromServer(saved('assistant', 'Cells divide.', { provider: 'gemini' })).offline).toBe(false);
  });
});
