-- Uploads, their processing status and analysis, and the text chunks of documents (with page
-- numbers) indexed for full-text search, plus optional embeddings: pgvector where the server has
-- it (PGlite does), a plain real[] column where it does not (stock PostgreSQL 15 in CI).

create table public.uploads (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  kind text not null check (kind in ('image', 'video', 'document')),
  file_name text not null check (length(file_name) between 1 and 255),
  -- Object key in storage: user-uploads/{user_id}/{documents|images|videos}/{timestamp}_{name}
  path text not null unique check (length(path) <= 1024),
  declared_type text not null check (length(declared_type) <= 200),
  declared_size bigint not null check (declared_size > 0),
  -- Set from the bytes themselves when the upload completes (never the client's claim).
  media_type text check (length(media_type) <= 200),
  size_bytes bigint check (size_bytes >= 0),
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  -- pending: URL issued, bytes not yet verified; uploaded: verified, queued;
  -- processing -> ready | failed (with error).
  status text not null default 'pending' check (status in ('pending', 'uploaded', 'processing', 'ready', 'failed')),
  error text check (length(error) <= 1000),
  attempts integer not null default 0 check (attempts >= 0),
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
  analysis jsonb check (analysis is null or jsonb_typeof(analysis) = 'object'),
  page_count integer check (page_count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  processed_at timestamptz
);
-- Keyset pagination of a learner's uploads, newest first.
create index idx_uploads_user_recent on public.uploads (user_id, created_at desc, id desc);
-- Start-up resumes interrupted jobs.
create index idx_uploads_unfinished on public.uploads (status) where status in ('uploaded', 'processing');
create trigger uploads_updated_at before update on public.uploads
  for each row execute function public.set_updated_at();

alter table public.uploads enable row level security;
create policy "Users view own uploads" on public.uploads for select to authenticated
  using (user_id = auth.uid());
create policy "Users create own uploads" on public.uploads for insert to authenticated
  with check (user_id = auth.uid());
create policy "Users update own uploads" on public.uploads for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Users delete own uploads" on public.uploads for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.uploads to authenticated;
-- Owner, kind, name and object path are fixed once the upload exists.
grant update (media_type, size_bytes, sha256, status, error, attempts, metadata, analysis, page_count, processed_at, updated_at)
  on public.uploads to authenticated;

-- Is this upload the caller's? (Chunk policies look across tables without policy recursion.)
create or replace function public.owns_upload(upload uuid) returns boolean
  language sql stable security definer set search_path = public as $$
  select exists (select 1 from public.uploads u where u.id = upload and u.user_id = auth.uid())
$$;
revoke all on function public.owns_upload(uuid) from public;
grant execute on function public.owns_upload(uuid) to authenticated;

create table public.document_chunks (
  id uuid primary key default gen_random_uuid(),
  upload_id uuid not null references public.uploads (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  ord integer not null check (ord >= 0),
  page integer check (page >= 1),
  text text not null check (length(text) between 1 and 8000),
  search tsvector generated always as (to_tsvector('english', text)) stored,
  created_at timestamptz not null default now(),
  unique (upload_id, ord)
);
create index idx_document_chunks_search on public.document_chunks using gin (search);
create index idx_document_chunks_user on public.document_chunks (user_id);

alter table public.document_chunks enable row level security;
create policy "Users view own chunks" on public.document_chunks for select to authenticated
  using (user_id = auth.uid());
create policy "Users add chunks to own uploads" on public.document_chunks for insert to authenticated
  with check (user_id = auth.uid() and public.owns_upload(upload_id));
create policy "Users delete own chunks" on public.document_chunks for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.document_chunks to authenticated;

-- Embeddings: pgvector when the extension can be created, else real[] (scored in the API).
do $$
begin
  begin
    create extension if not exists vector;
    execute 'alter table public.document_chunks add column embedding vector';
  exception when others then
    execute 'alter table public.document_chunks add column embedding real[]';
  end;
end $$;
grant update (embedding) on public.document_chunks to authenticated;
create policy "Users update own chunks" on public.document_chunks for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
