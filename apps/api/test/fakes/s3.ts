// A small S3-compatible server for tests, speaking the real wire protocol (path-style):
// PutObject, GetObject, HeadObject, DeleteObject, ListObjectsV2 (paged by `listPageSize`), with
// AWS Signature V4 verified both ways the
// SDK signs — Authorization headers and presigned query strings (expiry included) — for its one
// region. Objects live in memory. Only for 127.0.0.1.
// Shaped like Supabase Storage when asked: the S3 API under a path prefix (`/storage/v1/s3`),
// several buckets, and public buckets' objects served unsigned under `publicPrefix`
// (`/storage/v1/object/public/<bucket>/<key>`), where a private bucket answers 400 as Supabase's does.
import crypto from 'node:crypto';
import http from 'node:http';

const hmac = (key: Buffer | string, data: string) => crypto.createHmac('sha256', key).update(data).digest();
const sha256hex = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface FakeS3Request {
  method: string;
  /** The request's path as received (the SigV4 canonical URI). */
  path: string;
  /** `s3` (signed, under the S3 prefix), `public` (unsigned, under the public prefix) or `other`. */
  api: 's3' | 'public' | 'other';
  bucket: string;
  key: string;
  /** The region of the SigV4 credential scope ('' when unsigned). */
  region: string;
  presigned: boolean;
  status: number;
}

export interface FakeS3 {
  /** Where S3 clients point: the origin plus the path prefix. */
  endpoint: string;
  origin: string;
  /** The first bucket: `objects` holds its objects. */
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  objects: Map<string, { body: Buffer; contentType: string }>;
  /** Every bucket's objects, by bucket name. */
  buckets: Map<string, Map<string, { body: Buffer; contentType: string }>>;
  /** Every request received, in order. */
  requests: FakeS3Request[];
  /** Requests refused for a bad signature (tests assert tampering is caught here). */
  refused: number;
  /** While true, every request gets 503 SlowDown (an outage of the store). */
  unavailable: boolean;
  close(): Promise<void>;
}

export interface FakeS3Options {
  bucket?: string;
  /** Several buckets instead of `bucket`; `public` ones are readable unsigned under `publicPrefix`. */
  buckets?: Array<{ name: string; public?: boolean }>;
  listPageSize?: number;
  /** Path the S3 API is mounted under (Supabase: '/storage/v1/s3'); '' by default. */
  pathPrefix?: string;
  /** Path public objects are served under (Supabase: '/storage/v1/object/public'). */
  publicPrefix?: string;
  region?: string;
}

export async function startFakeS3(opts: FakeS3Options = {}): Promise<FakeS3> {
  const defs = opts.buckets ?? [{ name: opts.bucket ?? 'chitchat-test' }];
  const bucket = defs[0]!.name;
  const accessKeyId = 'AKIDTESTFAKES3';
  const secretAccessKey = crypto.randomBytes(20).toString('hex');
  const region = opts.region ?? 'us-east-1';
  const prefix = (opts.pathPrefix ?? '').replace(/\/+$/, '');
  const publicPrefix = opts.publicPrefix?.replace(/\/+$/, '');
  const buckets = new Map(
    defs.map((d) => [d.name, new Map<string, { body: Buffer; contentType: string }>()]),
  );
  const publicBuckets = new Set(defs.filter((d) => d.public).map((d) => d.name));
  const objects = buckets.get(bucket)!;
  const requests: FakeS3Request[] = [];
  const state = { refused: 0, unavailable: false };

  function verify(req: http.IncomingMessage, url: URL, body: Buffer): string | null {
    const q = url.searchParams;
    let signedHeaders: string;
    let signature: string;
    let credential: string;
    let amzDate: string;
    let payloadHash: string;
    const presigned = q.has('X-Amz-Signature');
    if (presigned) {
      signature = q.get('X-Amz-Signature')!;
      signedHeaders = q.get('X-Amz-SignedHeaders') ?? '';
      credential = q.get('X-Amz-Credential') ?? '';
      amzDate = q.get('X-Amz-Date') ?? '';
      payloadHash = 'UNSIGNED-PAYLOAD';
      const expires = Number(q.get('X-Amz-Expires'));
      const t = Date.parse(
        amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
      );
      if (!Number.isFinite(t) || !(expires > 0) || Date.now() > t + expires * 1000)
        return 'Request has expired';
    } else {
      const auth = req.headers.authorization ?? '';
      const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(
        auth,
      );
      if (!m) return 'Missing or malformed Authorization';
      [, credential = '', signedHeaders = '', signature = ''] = m;
      amzDate = String(req.headers['x-amz-date'] ?? '');
      payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
      if (
        payloadHash !== 'UNSIGNED-PAYLOAD' &&
        !payloadHash.startsWith('STREAMING-') &&
        payloadHash !== sha256hex(body)
      )
        return 'Payload hash mismatch';
    }
    const [key, date, reg, service, term] = credential.split('/');
    if (key !== accessKeyId || reg !== region || service !== 's3' || term !== 'aws4_request')
      return 'Bad credential scope';
    const canonicalQuery = [...q.entries()]
      .filter(([k]) => k !== 'X-Amz-Signature')
      .map(([k, v]) => [rfc3986(k), rfc3986(v)])
      .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const names = signedHeaders.split(';');
    const canonicalHeaders = names
      .map(
        (n) =>
          `${n}:${String(req.headers[n] ?? '')
            .trim()
            .replace(/\s+/g, ' ')}\n`,
      )
      .join('');
    const canonical = [
      req.method,
      url.pathname,
      canonicalQuery,
      canonicalHeaders,
      signedHeaders,
      payloadHash,
    ].join('\n');
    const scope = `${date}/${region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n');
    const kSigning = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date!), region), 's3'), 'aws4_request');
    const expected = hmac(kSigning, toSign).toString('hex');
    return expected === signature ? null : 'SignatureDoesNotMatch';
  }

  const xmlError = (res: http.ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    );
  };

  const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  /** ListObjectsV2: keys in order after the continuation token (the last key of the previous page). */
  function list(
    res: http.ServerResponse,
    q: URLSearchParams,
    objects: Map<string, { body: Buffer; contentType: string }>,
    bucket: string,
  ) {
    const prefix = q.get('prefix') ?? '';
    const after = q.get('continuation-token') ?? '';
    const max = Math.min(Number(q.get('max-keys') ?? 1000), opts.listPageSize ?? 1000);
    const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const page = keys.slice(0, max);
    const truncated = keys.length > page.length;
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
        `<Name>${bucket}</Name><Prefix>${xmlText(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys>` +
        `<IsTruncated>${truncated}</IsTruncated>` +
        (truncated
          ? `<NextContinuationToken>${xmlText(page[page.length - 1]!)}</NextContinuationToken>`
          : '') +
        page
          .map(
            (k) => `<Contents><Key>${xmlText(k)}</Key><Size>${objects.get(k)!.body.length}</Size></Contents>`,
          )
          .join('') +
        `</ListBucketResult>`,
    );
  }

  /** Splits `/<bucket>/<key…>` (the path after a prefix) into its bucket and decoded key. */
  const split = (p: string) => {
    const [, b = '', ...rest] = p.split('/');
    return { b, key: rest.map(decodeURIComponent).join('/') };
  };

  /** Supabase's public object route: unsigned GET/HEAD of a public bucket's object. */
  function servePublic(req: http.IncomingMessage, res: http.ServerResponse, b: string, key: string) {
    const obj = buckets.get(b)?.get(key);
    if (!publicBuckets.has(b) || !obj || (req.method !== 'GET' && req.method !== 'HEAD')) {
      // Supabase answers a private bucket's object here as if it did not exist.
      res.writeHead(400, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ statusCode: '404', error: 'not_found', message: 'Object not found' }));
    }
    res.writeHead(200, { 'content-type': obj.contentType, 'content-length': obj.body.length });
    return res.end(req.method === 'GET' ? obj.body : undefined);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url!, 'http://127.0.0.1');
      const q = url.searchParams;
      const credential =
        q.get('X-Amz-Credential') ?? /Credential=([^,]+)/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const inS3 = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
      const inPublic = !!publicPrefix && url.pathname.startsWith(`${publicPrefix}/`);
      const { b, key } = split(
        inPublic
          ? url.pathname.slice(publicPrefix!.length)
          : inS3
            ? url.pathname.slice(prefix.length)
            : url.pathname,
      );
      const entry: FakeS3Request = {
        method: req.method!,
        path: url.pathname,
        api: inPublic ? 'public' : inS3 ? 's3' : 'other',
        bucket: b,
        key,
        region: credential.split('/')[2] ?? '',
        presigned: q.has('X-Amz-Signature'),
        status: 0,
      };
      requests.push(entry);
      res.on('finish', () => (entry.status = res.statusCode));
      // CORS for browser clients of presigned URLs.
      res.setHeader('access-control-allow-origin', '*');
      if (state.unavailable) return xmlError(res, 503, 'SlowDown', 'Please reduce your request rate.');
      if (inPublic) return servePublic(req, res, b, key);
      if (!inS3) return xmlError(res, 404, 'NotFound', 'Not an S3 path');
      const problem = verify(req, url, body);
      if (problem) {
        state.refused++;
        return xmlError(
          res,
          403,
          problem === 'Request has expired' ? 'AccessDenied' : 'SignatureDoesNotMatch',
          problem,
        );
      }
      const objects = buckets.get(b);
      if (!objects) return xmlError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
      if (req.method === 'GET' && !key && q.get('list-type') === '2') return list(res, q, objects, b);
      const obj = objects.get(key);
      switch (req.method) {
        case 'PUT':
          objects.set(key, {
            body,
            contentType: String(req.headers['content-type'] ?? 'application/octet-stream'),
          });
          res.writeHead(200, { etag: `"${crypto.createHash('md5').update(body).digest('hex')}"` });
          return res.end();
        case 'GET':
        case 'HEAD':
          if (!obj) {
            if (req.method === 'HEAD') {
              res.writeHead(404);
              return res.end();
            }
            return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
          }
          res.writeHead(200, {
            'content-type': url.searchParams.get('response-content-type') ?? obj.contentType,
            'content-length': obj.body.length,
            ...(url.searchParams.get('response-content-disposition')
              ? { 'content-disposition': url.searchParams.get('response-content-disposition')! }
              : {}),
          });
          return res.end(req.method === 'GET' ? obj.body : undefined);
        case 'DELETE':
          objects.delete(key);
          res.writeHead(204);
          return res.end();
        default:
          return xmlError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}${prefix}`,
    origin: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    secretAccessKey,
    region,
    objects,
    buckets,
    requests,
    get refused() {
      return state.refused;
    },
    get unavailable() {
      return state.unavailable;
    },
    set unavailable(v: boolean) {
      state.unavailable = v;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
