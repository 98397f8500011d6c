-- Your cards are yours: learner-owned decks that imported cards (CSV, Anki .apkg) go into, and
-- Socratic mode: a tutor can require it on a path; a chat session tracks its own setting and the
-- attempts on the problem being worked on. PostgreSQL 15+ and PGlite alike.

-- Decks ----------------------------------------------------------------------------------------------
create table public.decks (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  unique (user_id, name)
);
alter table public.decks enable row level security;
create policy "Users view own decks" on public.decks for select to authenticated
  using (user_id = auth.uid());
create policy "Users create own decks" on public.decks for insert to authenticated
  with check (user_id = auth.uid());
create policy "Users delete own decks" on public.decks for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.decks to authenticated;

-- A card's source may now be one of the learner's decks (source_id = the deck's id). note_guid is
-- the imported note's guid (Anki's, or a CSV row's): importing the same note again adds nothing.
alter table public.review_cards drop constraint review_cards_source_type_check;
alter table public.review_cards add constraint review_cards_source_type_check
  check (source_type in ('lesson', 'path', 'document', 'session', 'deck'));
alter table public.review_cards add column note_guid text check (length(note_guid) between 1 and 200);
create unique index idx_review_cards_note_guid on public.review_cards (user_id, note_guid)
  where note_guid is not null;

-- Socratic mode ----------------------------------------------------------------------------------
-- A tutor path may require it in its learners' chats about the path.
alter table public.tutor_learning_paths add column require_socratic boolean not null default false;
grant update (require_socratic) on public.tutor_learning_paths to authenticated;

-- A chat session: its own setting (null: the learner's profile setting), the tutor path it is about
-- (if any), and the state the server keeps for the problem being worked on (attempts, explicit asks).
alter table public.chat_sessions
  add column socratic boolean,
  add column path_id uuid references public.tutor_learning_paths (id) on delete set null,
  add column socratic_state jsonb not null default '{}' check (jsonb_typeof(socratic_state) = 'object');
grant update (socratic, path_id, socratic_state) on public.chat_sessions to authenticated;
