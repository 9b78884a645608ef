import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { z } from "zod";
import type { ConnectorDeps } from "../core/index";
import { gbpUrls } from "./config";

const Jwks = z.object({
  keys: z.array(
    z.looseObject({
      kid: z.string().min(1),
      kty: z.string(),
      n: z.string().optional(),
      e: z.string().optional(),
      alg: z.string().optional(),
      use: z.string().optional(),
    }),
  ),
});

/** Google's signing keys, fetched from its JWKS endpoint and kept for the answer's max-age. */
export interface JwksCache {
  keys: Map<string, KeyObject>;
  expiresAt: number;
  /** when we last asked, successful or not: an unknown `kid` refetches at most once a minute */
  lastFetchAt: number;
}

const defaultTtlMs = 60 * 60_000;
const maxTtlMs = 24 * 60 * 60_000;
const minRefetchMs = 60_000;

export function createJwksCache(): JwksCache {
  return { keys: new Map(), expiresAt: 0, lastFetchAt: Number.NEGATIVE_INFINITY };
}

/**
 * The RSA key Google signed with (`kid`), or null. Keys are fetched through `deps.http` from
 * https://www.googleapis.com/oauth2/v3/certs, cached for the answer's `Cache-Control: max-age` (1 h without one,
 * 24 h at most); a `kid` we do not know triggers a refetch (Google rotates keys), at most once a minute so a
 * flood of forged tokens cannot turn into a flood of fetches. A failed fetch keeps the keys we had.
 */
export async function signingKey(
  cache: JwksCache,
  deps: ConnectorDeps,
  kid: string,
): Promise<KeyObject | null> {
  const now = deps.clock.now();
  const fresh = now < cache.expiresAt;
  const known = cache.keys.get(kid);
  if (known && fresh) return known;
  if (now - cache.lastFetchAt < minRefetchMs) return known ?? null;
  cache.lastFetchAt = now;
  try {
    const response = await deps.http.request({
      platform: "gbp",
      operation: "webhook.jwks",
      method: "GET",
      url: gbpUrls.certs,
    });
    const parsed = Jwks.safeParse(response.json);
    if (response.status !== 200 || !parsed.success) return known ?? null;
    cache.keys = rsaKeys(parsed.data);
    cache.expiresAt = now + ttlOf(response.headers.get("cache-control"));
  } catch {
    return known ?? null;
  }
  return cache.keys.get(kid) ?? null;
}

function rsaKeys(jwks: z.infer<typeof Jwks>): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const jwk of jwks.keys) {
    if (jwk.kty !== "RSA" || !jwk.n || !jwk.e) continue;
    if (jwk.use !== undefined && jwk.use !== "sig") continue;
    if (jwk.alg !== undefined && jwk.alg !== "RS256") continue;
    try {
      keys.set(
        jwk.kid,
        createPublicKey({ key: { kty: "RSA", n: jwk.n, e: jwk.e } as JsonWebKey, format: "jwk" }),
      );
    } catch {
      // a malformed key is skipped; the others still verify
    }
  }
  return keys;
}

function ttlOf(cacheControl: string | null): number {
  const match = /max-age=(\d+)/i.exec(cacheControl ?? "");
  if (!match) return defaultTtlMs;
  return Math.min(maxTtlMs, Number(match[1]) * 1000);
}
