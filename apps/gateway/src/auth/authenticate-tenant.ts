import type { GatewayContext } from "../context";
import { findTenant } from "../tenants/find-tenant";
import { isApiKeyFormat } from "./api-key";
import { findApiKey } from "./find-api-key";
import { type JwtVerifier, looksLikeJwt } from "./jwt-verifier";
import type { TenantPrincipal } from "./principal";

/**
 * A bearer token → the tenant it speaks for, or null. API keys are recognised by their format and looked up by
 * hash (revoked → null); anything shaped like a JWT is verified and must name a tenant that exists.
 */
export async function authenticateTenant(
  ctx: GatewayContext,
  jwt: JwtVerifier | null,
  token: string,
): Promise<TenantPrincipal | null> {
  if (isApiKeyFormat(token)) {
    const key = await findApiKey(ctx, token);
    return key ? { kind: "api_key", tenantId: key.tenantId, keyId: key.keyId } : null;
  }
  if (!jwt || !looksLikeJwt(token)) return null;
  const verified = await jwt.verify(token);
  if (!verified || !(await findTenant(ctx, verified.tenantId))) return null;
  return { kind: "jwt", tenantId: verified.tenantId, subject: verified.subject };
}
