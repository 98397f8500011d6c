-- Chat: full-text search over a learner's own messages (GET /api/v1/chat/search and the chat
-- grounding source), and an index for searching one user's messages newest first.
-- A turn's status (pending / answered / failed / interrupted), the model, token usage, latency and
-- citations live in chat_messages.metadata (jsonb), which learners may already update.

alter table public.chat_messages
  add column search tsvector generated always as (to_tsvector('english', content)) stored;
create index idx_chat_messages_search on public.chat_messages using gin (search);
create index idx_chat_messages_user_recent on public.chat_messages (user_id, created_at desc, id desc);
