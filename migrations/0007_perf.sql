-- Performance (bench/PERFORMANCE.md, issue 8).
--
-- Full-text search under row-level security cannot use a GIN index: the match operator
-- (ts_match_vq, `@@`) is not LEAKPROOF, so PostgreSQL must apply the policy's qual before it and
-- never makes it an index condition. A learner's retrieval over 20,000 document chunks then reads
-- every one of their chunks (measured: no faster than a sequential scan; see the retrieval section
-- of bench/results/latest.md).
--
-- search_document_chunks() runs the same search as documents/grounding.ts with the caller's
-- filter written into the query (`user_id = auth.uid()`), as a SECURITY DEFINER function so the
-- planner may use the GIN index. It can only ever return the caller's own chunks: auth.uid() is
-- the id the API set for this transaction, and no argument can widen it. Written in plpgsql so it
-- can be created before the uploads tables exist on a database that migrates out of order.
create or replace function public.search_document_chunks(p_query tsquery, p_limit integer, p_upload_ids uuid[] default null)
  returns table (upload_id uuid, file_name text, page integer, text text, score real)
  language plpgsql stable security definer set search_path = public as $$
begin
  if auth.uid() is null then
    return;
  end if;
  return query
    select c.upload_id, u.file_name, c.page, c.text, ts_rank_cd(c.search, p_query, 32) as score
      from document_chunks c
      join uploads u on u.id = c.upload_id
     where c.user_id = auth.uid() and u.user_id = auth.uid() and c.search @@ p_query
       and (p_upload_ids is null or c.upload_id = any (p_upload_ids))
     order by 5 desc, c.ord
     limit least(greatest(coalesce(p_limit, 10), 1), 100);
end $$;
revoke all on function public.search_document_chunks(tsquery, integer, uuid[]) from public;
grant execute on function public.search_document_chunks(tsquery, integer, uuid[]) to authenticated;
