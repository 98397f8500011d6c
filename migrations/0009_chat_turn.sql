-- A chat turn's reads, made cheap (bench/PERFORMANCE.md §6, issue 8).
--
-- search_chat_messages(): the chat grounding source's search over the learner's earlier messages.
-- Under row-level security `@@` cannot use the GIN index (see 0007_perf.sql), so every turn read
-- and ranked the learner's whole history: linear in it, ~1 ms per 2,000 messages. This function
-- filters on auth.uid() itself (SECURITY DEFINER, search_path pinned), so the index is usable, and
-- ranks only the 200 newest matching messages: memory of a conversation favours the recent, and a
-- long-time learner's turn stays bounded. Failed and pending turns and offline answers (which only
-- quote other material) are not material. Headlines are built for the returned rows only.
create or replace function public.search_chat_messages(p_query tsquery, p_limit integer, p_exclude uuid[] default null)
  returns table (id uuid, role text, session_title text, text text, score real)
  language plpgsql stable security definer set search_path = public as $$
begin
  if auth.uid() is null then
    return;
  end if;
  return query
    select r.id, r.role, s.title,
           ts_headline('english', r.content, p_query,
             'MaxFragments=2, MaxWords=40, MinWords=12, StartSel="", StopSel="", FragmentDelimiter=" … "'),
           r.score
      from (select m.id, m.role, m.content, m.session_id, m.created_at, ts_rank(m.search, p_query) as score
              from (select * from chat_messages c
                     where c.user_id = auth.uid() and c.search @@ p_query
                       and coalesce(c.metadata->>'status', 'answered') not in ('failed', 'pending')
                       and coalesce(c.metadata->>'provider', '') <> 'offline'
                       and (p_exclude is null or c.id <> all (p_exclude))
                     order by c.created_at desc
                     limit 200) m
             order by 6 desc, m.created_at desc
             limit least(greatest(coalesce(p_limit, 4), 1), 20)) r
      join chat_sessions s on s.id = r.session_id
     order by r.score desc, r.created_at desc;
end $$;
revoke all on function public.search_chat_messages(tsquery, integer, uuid[]) from public;
grant execute on function public.search_chat_messages(tsquery, integer, uuid[]) to authenticated;

-- Whether a learner has any embedded chunk decides whether a turn embeds its question (a model
-- call): answered from this partial index without reading their chunks.
create index idx_document_chunks_user_embedded on public.document_chunks (user_id) where embedding is not null;
