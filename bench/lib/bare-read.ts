// The read path with nothing of ours around it: a bare Fastify + pg handler running the same page
// query as GET /api/v1/chat/sessions/:id/messages?limit=50 — no token check, no rate limit, no
// row-level security or per-request transaction, no validation, rows sent as pg returns them.
// The read benchmark loads it beside the API, so the API's cost of being an API (auth, RLS,
// serialisation) is a ratio measured in the same run. Started as its own process:
//   DATABASE_URL=… PORT=… node --import tsx bench/lib/bare-read.ts
import Fastify from 'fastify';
import pg from 'pg';
import { MESSAGES_PAGE_SQL, SESSION_CHECK_SQL } from './queries.ts';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 20),
});
const app = Fastify({ logger: false });

app.get('/ready', async () => ({ ok: true }));
app.get<{ Params: { id: string } }>('/sessions/:id/messages', async (req, reply) => {
  const session = await pool.query(SESSION_CHECK_SQL, [req.params.id]);
  if (!session.rowCount) return reply.code(404).send({ error: 'not found' });
  const page = await pool.query(MESSAGES_PAGE_SQL, [req.params.id, 51]);
  return { messages: page.rows.slice(0, 50), hasMore: page.rows.length > 50 };
});

const close = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
