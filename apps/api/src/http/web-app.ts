// The exported Expo web app, served at `/` beside the API: hashed bundles cached for long, the HTML
// shell revalidated, and index.html for deep links and reloads.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const DEFAULT_WEB_DIR = path.join(REPO_ROOT, 'apps/mobile/dist');

/** Serves the exported Expo web app at `/`, with index.html for deep links and reloads. */
export async function serveWebApp(app: FastifyInstance, dir: string, enabled: boolean) {
  const index = path.join(dir, 'index.html');
  if (!enabled || !fs.existsSync(index)) return;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // Bundles are content-hashed and can be cached for long; the HTML shell must be revalidated so a
    // new build shows up at once.
    setHeaders: (res, file) => {
      res.header(
        'cache-control',
        file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      );
    },
  });
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    if (url.startsWith('/api/') || url.startsWith('/auth/')) {
      return reply
        .status(404)
        .send({ error: { code: 'route_not_found', message: `No route for GET ${url}.`, requestId: req.id } });
    }
    // A real file (hashed bundle, asset) if there is one, else the app shell.
    const candidate = path.join(dir, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (candidate.startsWith(dir) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      return reply.sendFile(path.relative(dir, candidate));
    }
    const html = path.join(dir, `${url.replace(/\/$/, '')}.html`);
    if (html.startsWith(dir) && fs.existsSync(html))
      return reply.header('cache-control', 'no-cache').sendFile(path.relative(dir, html));
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
