// A small key-value cache and fixed-window rate limiter: in-memory (LRU) by default, Redis when
// REDIS_URL is set so several API instances share them. Redis failures degrade to "no cache" and
// "allow", never to a failed request.
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
}

export interface RateLimiter {
  /** Counts one hit on `key`; `allowed` is false once `limit` hits fall in the current window. */
  hit(key: string, limit: number, windowSeconds: number): Promise<{ allowed: boolean; retryAfter: number }>;
  reset(key: string): Promise<void>;
}

export interface CacheStore {
  cache: Cache;
  limiter: RateLimiter;
  redis?: Redis;
  close(): Promise<void>;
}

export function createMemoryStore(): CacheStore {
  const values = new LRUCache<string, { v: unknown }>({ max: 50_000, ttlAutopurge: false });
  const windows = new LRUCache<string, { count: number; resetAt: number }>({ max: 100_000 });
  return {
    cache: {
      async get<T>(key: string) {
        return values.get(key)?.v as T | undefined;
      },
      async set(key, value, ttlSeconds) {
        values.set(key, { v: value }, { ttl: ttlSeconds * 1000 });
      },
      async del(key) {
        values.delete(key);
      },
    },
    limiter: {
      async hit(key, limit, windowSeconds) {
        const now = Date.now();
        let w = windows.get(key);
        if (!w || w.resetAt <= now) {
          w = { count: 0, resetAt: now + windowSeconds * 1000 };
          windows.set(key, w);
        }
        w.count++;
        return { allowed: w.count <= limit, retryAfter: Math.ceil((w.resetAt - now) / 1000) };
      },
      async reset(key) {
        windows.delete(key);
      },
    },
    async close() {},
  };
}

export function connectRedis(url: string): Redis {
  return new Redis(url, {
    // Fail fast while Redis is away (callers degrade), reconnect in the background.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    lazyConnect: false,
  }).on('error', () => {});
}

export function createRedisStore(url: string, prefix: string): CacheStore {
  const redis = connectRedis(url);
  const k = (key: string) => prefix + key;
  return {
    redis,
    cache: {
      async get<T>(key: string) {
        try {
          const raw = await redis.get(k(key));
          return raw === null ? undefined : (JSON.parse(raw) as T);
        } catch {
          return undefined;
        }
      },
      async set(key, value, ttlSeconds) {
        try {
          await redis.set(k(key), JSON.stringify(value), 'EX', ttlSeconds);
        } catch {
          /* cache is best-effort */
        }
      },
      async del(key) {
        try {
          await redis.del(k(key));
        } catch {
          /* best-effort */
        }
      },
    },
    limiter: {
      async hit(key, limit, windowSeconds) {
        try {
          const [[, count], [, ttl]] = (await redis
            .multi()
            .incr(k(`rl:${key}`))
            .pttl(k(`rl:${key}`))
            .exec()) as [[null, number], [null, number]];
          if (ttl < 0) await redis.pexpire(k(`rl:${key}`), windowSeconds * 1000);
          const retryAfter = Math.ceil((ttl < 0 ? windowSeconds * 1000 : ttl) / 1000);
          return { allowed: count <= limit, retryAfter };
        } catch {
          return { allowed: true, retryAfter: 0 };
        }
      },
      async reset(key) {
        await redis.del(k(`rl:${key}`)).catch(() => {});
      },
    },
    async close() {
      redis.disconnect();
    },
  };
}
