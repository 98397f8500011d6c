-- Document retrieval ranked by ts_rank alone, over one (learner, words) GIN index
-- (bench/PERFORMANCE.md, "Retrieval (≥ 20× the scan)"; bench/retrieval.ts measures both halves).
--
-- Answer quality. 0009 re-ranked ts_rank's best 4 × limit matches by cover density (ts_rank_cd).
-- A question reaches this function as its content words OR-ed, and for an OR query every occurrence
-- of any one word is a cover of its own: a chunk that repeats one common word ("cell" four times)
-- outranked the passage holding several of the question's words once. On the benchmark's fixed set
-- of 34 learner questions (bench/lib/recall-pairs.ts) the answering passage was in the top 5 for 18.
-- ts_rank weighs a word's repeats down (1/n² each), so more distinct words win: 32 of 34. One stage
-- also means only the returned rows are joined back and ranked, not 4 × as many.
--
-- Speed. The learner's filter and the words' match become one GIN scan with btree_gin (PostgreSQL's
-- contrib, Supabase, PGlite's contrib bundle; trusted, so a database owner may create it): the index
-- hands back only the learner's matches, where before a bitmap of all the learner's chunks
-- (idx_document_chunks_user, ~0.5 ms at 20,000 chunks) was ANDed with the words' bitmap on every
-- question. The words-only GIN index is then redundant (a multicolumn GIN serves either column) and
-- is dropped, so an upload still maintains one GIN index. Where the extension cannot be created the
-- old indexes stay and only the ranking changes.
do $$
begin
  begin
    create extension if not exists btree_gin;
  exception when others then
    raise notice 'btree_gin is not available (%): document search keeps its separate indexes', sqlerrm;
    return;
  end;
  create index if not exists idx_document_chunks_user_search on public.document_chunks using gin (user_id, search);
  drop index if exists public.idx_document_chunks_search;
end $$;

create or replace function public.search_document_chunks(p_query tsquery, p_limit integer, p_upload_ids uuid[] default null)
  returns table (upload_id uuid, file_name text, page integer, text text, score real)
  language plpgsql stable security definer set search_path = public as $$
declare
  v_limit integer := least(greatest(coalesce(p_limit, 10), 1), 100);
begin
  if auth.uid() is null then
    return;
  end if;
  return query
    select c.upload_id, u.file_name, c.page, c.text, best.score
      from (select m.id, m.ord, ts_rank(m.search, p_query) as score
              from document_chunks m
             where m.user_id = auth.uid() and m.search @@ p_query
               and (p_upload_ids is null or m.upload_id = any (p_upload_ids))
             order by 3 desc, m.ord
             limit v_limit) best
      join document_chunks c on c.id = best.id
      join uploads u on u.id = c.upload_id and u.user_id = auth.uid()
     order by best.score desc, best.ord;
end $$;
