-- Searches behind a chat turn and grounded answers, made cheap (bench/PERFORMANCE.md §6–8, issue 8).
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
                     order by c.created_at desc, c.id desc -- idx_chat_messages_user_recent's order
                     limit 200) m
             order by 6 desc, m.created_at desc
             limit least(greatest(coalesce(p_limit, 4), 1), 20)) r
      join chat_sessions s on s.id = r.session_id
     order by r.score desc, r.created_at desc;
end $$;
revoke all on function public.search_chat_messages(tsquery, integer, uuid[]) from public;
grant execute on function public.search_chat_messages(tsquery, integer, uuid[]) to authenticated;

-- search_my_messages(): GET /api/v1/chat/search — the learner's messages matching a web-search
-- query, newest first, a keyset page at a time. Under RLS the match could not use the GIN index, so
-- a rare word walked the learner's whole history; filtered on auth.uid() in here, the planner can
-- take the GIN index for rare words and the (user, newest) index for common ones. Snippets are
-- built for the page's rows only.
create or replace function public.search_my_messages(p_query tsquery, p_before_ts timestamptz, p_before_id uuid, p_limit integer)
  returns table (id uuid, session_id uuid, role text, content text, media_url text, media_type text, metadata jsonb,
                 k text, session_title text, snippet text)
  language plpgsql stable security definer set search_path = public as $$
begin
  if auth.uid() is null then
    return;
  end if;
  return query
    select m.id, m.session_id, m.role, m.content, m.media_url, m.media_type, m.metadata,
           to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           s.title,
           ts_headline('english', m.content, p_query, 'MaxFragments=1, MaxWords=35, MinWords=12, StartSel="", StopSel=""')
      from (select c.id, c.session_id, c.role, c.content, c.media_url, c.media_type, c.metadata, c.created_at
              from chat_messages c
             where c.user_id = auth.uid() and c.search @@ p_query
               and (p_before_ts is null or (c.created_at, c.id) < (p_before_ts, p_before_id))
             order by c.created_at desc, c.id desc
             limit least(greatest(coalesce(p_limit, 20), 1), 101)) m
      join chat_sessions s on s.id = m.session_id
     order by m.created_at desc, m.id desc;
end $$;
revoke all on function public.search_my_messages(tsquery, timestamptz, uuid, integer) from public;
grant execute on function public.search_my_messages(tsquery, timestamptz, uuid, integer) to authenticated;

-- Whether a learner has any embedded chunk decides whether a turn embeds its question (a model
-- call): answered from this partial index without reading their chunks.
create index idx_document_chunks_user_embedded on public.document_chunks (user_id) where embedding is not null;

-- search_document_chunks(), ranked in two stages. Ranking, not finding, was the cost: the GIN index
-- finds a question's chunks in well under a millisecond, then ts_rank_cd (cover density: rewards
-- the words appearing close together) ran over every match (~5 µs a row; ~500–800 rows for a
-- three- or four-word question over 20,000 chunks). Now the cheap ts_rank (~1 µs a row) orders all
-- matches, carrying only their ids, and cover density re-ranks the best 4 × limit of them — a
-- rescoring window, as search engines use. Same signature, same rows for the caller to see.
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
    select c.upload_id, u.file_name, c.page, c.text, ts_rank_cd(c.search, p_query, 32) as score
      from (select m.id
              from document_chunks m
             where m.user_id = auth.uid() and m.search @@ p_query
               and (p_upload_ids is null or m.upload_id = any (p_upload_ids))
             order by ts_rank(m.search, p_query) desc
             limit v_limit * 4) best
      join document_chunks c on c.id = best.id
      join uploads u on u.id = c.upload_id and u.user_id = auth.uid()
     order by 5 desc, c.ord
     limit v_limit;
end $$;
