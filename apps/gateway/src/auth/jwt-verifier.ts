import { AppError } from "@postd/service-kit";
import { createRemoteJWKSet, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from "jose";
import { readClaim } from "./claim-path";

export interface JwtSettings {
  /** HS256 shared secret */
  secret?: string | undefined;
  /** JWKS endpoint for asymmetric algorithms */
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  /** claim name or dotted path naming the tenant */
  tenantClaim: string;
}

export interface VerifiedJwt {
  tenantId: string;
  subject: string | null;
}

export interface JwtVerifier {
  /** the tenant and subject of a valid token; null for anything invalid (bad signature, expired, no tenant) */
  verify(token: string): Promise<VerifiedJwt | null>;
}

const asymmetricAlgorithms = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "EdDSA",
];
const jwtShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(token: string): boolean {
  return jwtShape.test(token);
}

/**
 * User sessions from the frontend's identity provider. HS256 tokens are checked with the shared secret, anything
 * else against the JWKS (jose caches the key set and refetches on an unknown `kid`, at most every 30 s). `exp` and
 * `nbf` are enforced with 30 s of clock tolerance; `iss`/`aud` when configured. Returns null when neither a
 * secret nor a JWKS URL is configured.
 */
export function createJwtVerifier(settings: JwtSettings): JwtVerifier | null {
  const secret = settings.secret ? new TextEncoder().encode(settings.secret) : null;
  const jwks = settings.jwksUrl ? createRemoteJWKSet(new URL(settings.jwksUrl)) : null;
  if (!secret && !jwks) return null;
  const options = {
    clockTolerance: 30,
    ...(settings.issuer ? { issuer: settings.issuer } : {}),
    ...(settings.audience ? { audience: settings.audience } : {}),
  };
  return {
    async verify(token) {
      const payload = await verifyPayload(token, { secret, jwks, options });
      if (!payload) return null;
      const tenantId = readClaim(payload, settings.tenantClaim);
      if (!tenantId) return null;
      return { tenantId, subject: typeof payload.sub === "string" ? payload.sub : null };
    },
  };
}

interface Keys {
  secret: Uint8Array | null;
  jwks: ReturnType<typeof createRemoteJWKSet> | null;
  options: { clockTolerance: number; issuer?: string; audience?: string };
}

async function verifyPayload(token: string, keys: Keys): Promise<JWTPayload | null> {
  try {
    const { alg } = decodeProtectedHeader(token);
    if (alg === "HS256" && keys.secret) {
      return (await jwtVerify(token, keys.secret, { ...keys.options, algorithms: ["HS256"] })).payload;
    }
    if (alg && alg !== "none" && keys.jwks) {
      return (await jwtVerify(token, keys.jwks, { ...keys.options, algorithms: asymmetricAlgorithms }))
        .payload;
    }
    return null;
  } catch (error) {
    if (isKeySetUnreachable(error)) {
      throw new AppError(
        "UNAVAILABLE",
        "the identity provider's signing keys could not be fetched; try again",
        {
          retryAfterSeconds: 5,
          cause: error,
        },
      );
    }
    return null;
  }
}

/** A JWKS that cannot be fetched is our outage, not the caller's bad token. */
function isKeySetUnreachable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true;
  if (error instanceof errors.JOSEError) return false;
  return error instanceof TypeError && /fetch/i.test(error.message);
}
