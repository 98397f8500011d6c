-- Scheduling that learns the learner (issue 17). The desired retention lives in
-- users.preferences (desiredRetention, 0.70–0.97, validated by the API); this migration adds
-- what the FSRS optimiser needs:
--   * review_logs gains the card's state before the review and the days since its previous
--     review (an Anki-style revlog: rating, elapsed days, state, review time). Older rows keep
--     null; the optimiser derives both from the card's earlier logs.
--   * review_parameters holds one learner's optimised FSRS weights, written by the
--     review.optimise job (which runs as the learner, under these policies).
alter table public.review_logs
  add column state text check (state in ('new', 'learning', 'review', 'relearning')),
  add column elapsed_days integer check (elapsed_days >= 0);

create table public.review_parameters (
  user_id uuid primary key references public.users (id) on delete cascade,
  -- FSRS-6: 21 weights.
  weights double precision[] not null check (cardinality(weights) = 21),
  -- Reviews the weights were fitted on, and how well they and the defaults predicted them.
  review_count integer not null check (review_count >= 0),
  log_loss double precision,
  default_log_loss double precision,
  optimised_at timestamptz not null default now()
);

alter table public.review_parameters enable row level security;
create policy "Users view own review parameters" on public.review_parameters for select to authenticated
  using (user_id = auth.uid());
create policy "Users create own review parameters" on public.review_parameters for insert to authenticated
  with check (user_id = auth.uid());
create policy "Users update own review parameters" on public.review_parameters for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Users delete own review parameters" on public.review_parameters for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, update, delete on public.review_parameters to authenticated;
