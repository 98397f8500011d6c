import { describe, expect, it } from 'vitest';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { ChatMessagePage, ErrorBody, Profile } from '@chitchat/contracts';
import { createSerializerCompiler, responseJsonSchema } from './serialize.ts';

const message = (i: number, extra: Record<string, unknown> = {}) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  sessionId: '00000000-0000-4000-8000-000000000999',
  role: i % 2 ? 'assistant' : 'user',
  content: `Line "${i}"\nwith \\ escapes and ünïcode 🌱`,
  mediaUrl: i === 1 ? 'upload:abc' : null,
  mediaType: i === 1 ? 'image' : null,
  metadata: {
    status: 'answered',
    citations: [{ sourceType: 'document', sourceId: 'u1', title: 'notes.pdf', page: 3, snippet: 'x' }],
    ...extra,
  },
  createdAt: '2026-11-25T10:00:00.123Z',
});

describe('responses serialised by schema', () => {
  const compile = (schema: unknown, validate = false) =>
    createSerializerCompiler({ validate })({ schema, method: 'GET', url: '/x' });

  it('writes the same JSON as zod + JSON.stringify, for a page of messages', () => {
    const page = { items: [message(0), message(1), message(2)], nextCursor: null };
    const json = compile(ChatMessagePage)(page);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(ChatMessagePage.encode(page as any))));
  });

  it('drops fields the contract does not declare, at any depth', () => {
    const leaky = { ...message(0, { internalCost: 3 }), passwordHash: 'argon2…' };
    const out = JSON.parse(compile(ChatMessagePage)({ items: [leaky], nextCursor: 'c' }));
    expect(out.items[0]).not.toHaveProperty('passwordHash');
    expect(out.items[0].metadata).not.toHaveProperty('internalCost');
    expect(out.nextCursor).toBe('c');
  });

  it('needs no per-value validation for nullable fields (type arrays, not anyOf)', () => {
    const schema = JSON.stringify(responseJsonSchema(Profile));
    expect(schema).not.toContain('anyOf');
    expect(schema).toContain('["string","null"]');
  });

  it('outside production, a response that breaks its contract is an error, not coerced', () => {
    const bad = { error: { code: 42, message: 'x' } };
    expect(() => compile(ErrorBody, true)(bad)).toThrow(ResponseSerializationError);
    expect(compile(ErrorBody, true)({ error: { code: 'not_found', message: 'x' } })).toBe(
      '{"error":{"code":"not_found","message":"x"}}',
    );
  });
});
