// Access tokens: short-lived HS256 JWTs with Supabase's claims. Verification also accepts tokens
// from a hosted Supabase project (AUTH_MODE=supabase) via its JWT secret or JWKS.
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';

export interface AccessClaims extends JWTPayload {
  sub: string;
  email?: string;
  role?: string;
  session_id?: string;
}

export interface TokenVerifier {
  verify(token: string): Promise<AccessClaims>;
}

export const AUDIENCE = 'authenticated';

export function createTokenIssuer(secret: string, issuer: string, ttlSeconds: number) {
  const key = new TextEncoder().encode(secret);
  return {
    ttlSeconds,
    async sign(claims: {
      sub: string;
      email: string;
      sessionId: string;
      userMetadata: Record<string, unknown>;
    }) {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({
        email: claims.email,
        phone: '',
        role: 'authenticated',
        aal: 'aal1',
        amr: [{ method: 'password', timestamp: now }],
        session_id: claims.sessionId,
        app_metadata: { provider: 'email', providers: ['email'] },
        user_metadata: claims.userMetadata,
        is_anonymous: false,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setAudience(AUDIENCE)
        .setIssuer(issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(key);
      return { token, expiresAt: now + ttlSeconds };
    },
  };
}

/**
 * HS256 only: `alg: none` and algorithm confusion are refused by jose's allow-list.
 * Per-request work is kept small (bench/PERFORMANCE.md): the key is imported once (jose would
 * re-import raw bytes on every call), and a token already verified is remembered until it
 * expires, so a client's repeated requests skip the HMAC. Revocation is checked separately
 * (auth service), and the cached expiry is enforced on every hit.
 */
export function hmacVerifier(secret: string, issuer?: string): TokenVerifier {
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const verified = new LRUCache<string, AccessClaims>({ max: 20_000 });
  return {
    async verify(token) {
      const hit = verified.get(token);
      if (hit?.exp !== undefined && hit.exp + 5 > Date.now() / 1000) return hit;
      const { payload } = await jwtVerify<AccessClaims>(token, await key, {
        algorithms: ['HS256'],
        audience: AUDIENCE,
        issuer,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 5,
      });
      verified.set(token, payload);
      return payload;
    },
  };
}

/** Asymmetric keys from a JWKS (Supabase's newer projects: ES256), chosen by the token's kid; a kid not yet known refetches the set (key rotation). */
export function jwksVerifier(jwksUrl: string, issuer?: string): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(jwksUrl));
  return {
    async verify(token) {
      const { payload } = await jwtVerify<AccessClaims>(token, jwks, {
        algorithms: ['RS256', 'ES256', 'EdDSA'],
        audience: AUDIENCE,
        issuer,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 5,
      });
      return payload;
    },
  };
}
