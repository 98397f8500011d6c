-- Issue 17: the learner's concept map. A concept is one idea a learner met (a document's key
-- concept, a lesson's objective, a chat's topic), kept once per learner under its normalised name
-- (see features/concepts/names.ts) and, when the AI provider embeds text, its name's embedding
-- (a real[]: compared in the API, so PGlite and PostgreSQL without pgvector behave alike).
-- Each concept knows where it came from (concept_sources) and which review cards test it
-- (concept_cards). Mastery is not stored: it is computed from the cards' FSRS state and recent
-- answers when read, because retrievability falls with time. Owner-only under row-level security.
create table public.concepts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  name text not null check (length(name) between 1 and 120),
  norm_name text not null check (length(norm_name) between 1 and 120),
  embedding real[],
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, norm_name)
);
create index idx_concepts_user on public.concepts (user_id, created_at desc, id desc);
create trigger concepts_updated_at before update on public.concepts
  for each row execute function public.set_updated_at();

alter table public.concepts enable row level security;
create policy "Users view own concepts" on public.concepts for select to authenticated
  using (user_id = auth.uid());
create policy "Users add own concepts" on public.concepts for insert to authenticated
  with check (user_id = auth.uid());
create policy "Users edit own concepts" on public.concepts for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Users delete own concepts" on public.concepts for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.concepts to authenticated;
grant update (embedding, updated_at) on public.concepts to authenticated;

-- Where a concept was met: a document (upload id), a lesson (learning path id + lesson id) or a
-- chat session. lesson_id is '' for the other kinds so the key stays a plain unique constraint.
create table public.concept_sources (
  concept_id uuid not null references public.concepts (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  source_type text not null check (source_type in ('document', 'lesson', 'session')),
  source_id text not null check (length(source_id) between 1 and 200),
  lesson_id text not null default '' check (length(lesson_id) <= 100),
  title text check (length(title) <= 300),
  created_at timestamptz not null default now(),
  primary key (concept_id, source_type, source_id, lesson_id)
);
create index idx_concept_sources_source on public.concept_sources (user_id, source_type, source_id, lesson_id);

alter table public.concept_sources enable row level security;
create policy "Users view own concept sources" on public.concept_sources for select to authenticated
  using (user_id = auth.uid());
create policy "Users link own concepts to sources" on public.concept_sources for insert to authenticated
  with check (
    user_id = auth.uid()
    and exists (select 1 from public.concepts c where c.id = concept_id and c.user_id = auth.uid())
  );
create policy "Users unlink own concept sources" on public.concept_sources for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.concept_sources to authenticated;

-- Which cards test a concept. source_key is the card's source ('document:<id>', 'lesson:<path>:<lesson>',
-- 'session:<id>'): one card per concept and source, so asking twice for cards makes nothing new.
create table public.concept_cards (
  concept_id uuid not null references public.concepts (id) on delete cascade,
  card_id uuid not null references public.review_cards (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  source_key text not null check (length(source_key) between 1 and 400),
  created_at timestamptz not null default now(),
  primary key (concept_id, card_id),
  unique (concept_id, source_key)
);
create index idx_concept_cards_card on public.concept_cards (card_id);
create index idx_concept_cards_user on public.concept_cards (user_id);

alter table public.concept_cards enable row level security;
create policy "Users view own concept cards" on public.concept_cards for select to authenticated
  using (user_id = auth.uid());
create policy "Users link own cards to own concepts" on public.concept_cards for insert to authenticated
  with check (
    user_id = auth.uid()
    and exists (select 1 from public.concepts c where c.id = concept_id and c.user_id = auth.uid())
    and exists (select 1 from public.review_cards r where r.id = card_id and r.user_id = auth.uid())
  );
create policy "Users unlink own concept cards" on public.concept_cards for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.concept_cards to authenticated;
