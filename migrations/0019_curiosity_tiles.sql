-- A learner's curiosity tiles for the day (Discover), kept in the database: without Redis they
-- lived only in the server's memory, so a restart gave the learner other tiles on the same day.
-- One row per learner per local date; `basis` is a hash of the interests the set was made from
-- (changing one's interests asks for a new set, which replaces the row). The cache (Redis when
-- configured) stays in front as the fast path. A learner's rows of earlier days are deleted when
-- the new day's set is written.
create table public.curiosity_tiles (
  user_id uuid not null references public.users (id) on delete cascade,
  local_date date not null,
  basis text not null,
  -- The day's set as GET /discover/tiles answers it (contracts: CuriosityTiles).
  tiles jsonb not null,
  created_at timestamptz not null default now(),
  primary key (user_id, local_date)
);

alter table public.curiosity_tiles enable row level security;
create policy "Users view own curiosity tiles" on public.curiosity_tiles for select to authenticated
  using (user_id = auth.uid());
create policy "Users create own curiosity tiles" on public.curiosity_tiles for insert to authenticated
  with check (user_id = auth.uid());
create policy "Users update own curiosity tiles" on public.curiosity_tiles for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Users delete own curiosity tiles" on public.curiosity_tiles for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, update, delete on public.curiosity_tiles to authenticated;
