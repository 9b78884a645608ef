import type { ConnectionAccess, HealthResult } from "../core/index";
import type { MetaContext } from "./context";
import { missingPublishingPermissions, readPermissions } from "./permissions";
import { Me } from "./schemas";

/**
 * The user token still works (`/me`) and the publishing permissions are still granted (users can remove them
 * in their settings at any time). A refused token is thrown as its `ConnectorError` (auth_expired/auth_revoked)
 * so the caller can tell "needs the user" from "unhealthy for now".
 */
export async function healthCheck(ctx: MetaContext, access: ConnectionAccess): Promise<HealthResult> {
  const me = await ctx.graph.call({
    operation: "health.read_user",
    method: "GET",
    path: "/me",
    token: access.accessToken,
    query: { fields: "id" },
    schema: Me,
  });
  const permissions = await readPermissions(ctx, access.accessToken, "health.read_permissions");
  const missing = missingPublishingPermissions(ctx, permissions);
  if (missing.length > 0) {
    return { healthy: false, detail: `user ${me.id} no longer grants: ${missing.join(", ")}` };
  }
  return {
    healthy: true,
    detail: `user ${me.id} token valid; ${permissions.granted.length} permissions granted`,
  };
}
