import { verify } from "node:crypto";
import { z } from "zod";
import { singleHeader, type WebhookRequest } from "../core/index";
import type { GbpContext } from "./context";
import { signingKey } from "./jwks-cache";

const JwtHeader = z.looseObject({
  alg: z.literal("RS256"),
  kid: z.string().min(1),
  typ: z.string().optional(),
});
const PushClaims = z.looseObject({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  iat: z.number(),
  email: z.string().optional(),
  email_verified: z.boolean().optional(),
});

const issuers = new Set(["https://accounts.google.com", "accounts.google.com"]);
/** how far our clock and Google's may disagree */
const clockSkewSeconds = 60;
/** Google's OIDC tokens live an hour; one claiming longer is not Google's */
const maxLifetimeSeconds = 3600;
const bearerPattern = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/i;

/**
 * A Pub/Sub push carries no HMAC: it is authenticated by the OIDC token of the subscription's service account
 * in `Authorization: Bearer <JWT>`. We require exactly one such header, an RS256 JWT (no `none`, no HMAC
 * algorithms) whose signature verifies against Google's JWKS, `iss` Google's, `aud` our configured audience,
 * `iat`/`exp` valid within 60 s of skew, and — when configured — `email` the push service account with
 * `email_verified`. Without a configured audience nothing is accepted. The token does not cover the body (see
 * docs/gbp.md). Never throws.
 */
export async function verifyPubsubPush(
  context: GbpContext,
  request: WebhookRequest,
  nowMs: number,
): Promise<boolean> {
  try {
    const audience = context.config.pubsubAudience;
    if (!audience) return false;
    const match = bearerPattern.exec(singleHeader(request.headers, "authorization")?.trim() ?? "");
    if (!match?.[1] || !match[2] || !match[3]) return false;
    const [, encodedHeader, encodedClaims, encodedSignature] = match;
    const header = JwtHeader.safeParse(decodeSegment(encodedHeader));
    const claims = PushClaims.safeParse(decodeSegment(encodedClaims));
    if (!header.success || !claims.success || !claimsAccepted(context, claims.data, { audience, nowMs })) {
      return false;
    }
    const key = await signingKey(context.jwks, context.deps, header.data.kid);
    if (!key) return false;
    return verify(
      "RSA-SHA256",
      Buffer.from(`${encodedHeader}.${encodedClaims}`, "ascii"),
      key,
      Buffer.from(encodedSignature, "base64url"),
    );
  } catch {
    return false;
  }
}

function claimsAccepted(
  context: GbpContext,
  claims: z.infer<typeof PushClaims>,
  expected: { audience: string; nowMs: number },
): boolean {
  const now = expected.nowMs / 1000;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!issuers.has(claims.iss) || !audiences.includes(expected.audience)) return false;
  if (claims.exp <= now - clockSkewSeconds || claims.iat > now + clockSkewSeconds) return false;
  if (claims.exp - claims.iat > maxLifetimeSeconds + clockSkewSeconds) return false;
  const email = context.config.pubsubServiceAccountEmail;
  if (email && (claims.email !== email || claims.email_verified !== true)) return false;
  return true;
}

function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
}
