// A small S3-compatible server for tests, speaking the real wire protocol (path-style):
// PutObject, GetObject, HeadObject, DeleteObject, ListObjectsV2 (paged by `listPageSize`), with
// AWS Signature V4 verified both ways the
// SDK signs — Authorization headers and presigned query strings (expiry included). Objects live in
// memory. Only for 127.0.0.1.
import crypto from 'node:crypto';
import http from 'node:http';

const hmac = (key: Buffer | string, data: string) => crypto.createHmac('sha256', key).update(data).digest();
const sha256hex = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  objects: Map<string, { body: Buffer; contentType: string }>;
  /** Requests refused for a bad signature (tests assert tampering is caught here). */
  refused: number;
  /** While true, every request gets 503 SlowDown (an outage of the store). */
  unavailable: boolean;
  close(): Promise<void>;
}

export async function startFakeS3(opts: { bucket?: string; listPageSize?: number } = {}): Promise<FakeS3> {
  const bucket = opts.bucket ?? 'chitchat-test';
  const accessKeyId = 'AKIDTESTFAKES3';
  const secretAccessKey = crypto.randomBytes(20).toString('hex');
  const region = 'us-east-1';
  const objects = new Map<string, { body: Buffer; contentType: string }>();
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
      const t = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
      if (!Number.isFinite(t) || !(expires > 0) || Date.now() > t + expires * 1000) return 'Request has expired';
    } else {
      const auth = req.headers.authorization ?? '';
      const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(auth);
      if (!m) return 'Missing or malformed Authorization';
      [, credential, signedHeaders, signature] = m;
      amzDate = String(req.headers['x-amz-date'] ?? '');
      payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
      if (payloadHash !== 'UNSIGNED-PAYLOAD' && !payloadHash.startsWith('STREAMING-') && payloadHash !== sha256hex(body)) return 'Payload hash mismatch';
    }
    const [key, date, reg, service, term] = credential.split('/');
    if (key !== accessKeyId || reg !== region || service !== 's3' || term !== 'aws4_request') return 'Bad credential scope';
    const canonicalQuery = [...q.entries()]
      .filter(([k]) => k !== 'X-Amz-Signature')
      .map(([k, v]) => [rfc3986(k), rfc3986(v)])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const names = signedHeaders.split(';');
    const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
    const canonical = [req.method, url.pathname, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
    const scope = `${date}/${region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n');
    const kSigning = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), 's3'), 'aws4_request');
    const expected = hmac(kSigning, toSign).toString('hex');
    return expected === signature ? null : 'SignatureDoesNotMatch';
  }

  const xmlError = (res: http.ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  };

  const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  /** ListObjectsV2: keys in order after the continuation token (the last key of the previous page). */
  function list(res: http.ServerResponse, q: URLSearchParams) {
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
        (truncated ? `<NextContinuationToken>${xmlText(page[page.length - 1])}</NextContinuationToken>` : '') +
        page.map((k) => `<Contents><Key>${xmlText(k)}</Key><Size>${objects.get(k)!.body.length}</Size></Contents>`).join('') +
        `</ListBucketResult>`,
    );
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url!, 'http://127.0.0.1');
      // CORS for browser clients of presigned URLs.
      res.setHeader('access-control-allow-origin', '*');
      if (state.unavailable) return xmlError(res, 503, 'SlowDown', 'Please reduce your request rate.');
      const problem = verify(req, url, body);
      if (problem) {
        state.refused++;
        return xmlError(res, 403, problem === 'Request has expired' ? 'AccessDenied' : 'SignatureDoesNotMatch', problem);
      }
      const [, b, ...rest] = url.pathname.split('/');
      const key = rest.map(decodeURIComponent).join('/');
      if (b !== bucket) return xmlError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
      if (req.method === 'GET' && !key && url.searchParams.get('list-type') === '2') return list(res, url.searchParams);
      const obj = objects.get(key);
      switch (req.method) {
        case 'PUT':
          objects.set(key, { body, contentType: String(req.headers['content-type'] ?? 'application/octet-stream') });
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
            ...(url.searchParams.get('response-content-disposition') ? { 'content-disposition': url.searchParams.get('response-content-disposition')! } : {}),
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
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    secretAccessKey,
    region,
    objects,
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
