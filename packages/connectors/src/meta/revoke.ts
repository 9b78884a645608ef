import { type ConnectionAccess, isConnectorError } from "../core/index";
import type { MetaContext } from "./context";
import { Success } from "./schemas";

/**
 * `DELETE /me/permissions` removes the app from the user's account, which also invalidates every Page token
 * derived from the grant. A grant that is already gone (`auth_revoked`) counts as revoked.
 */
export async function revoke(ctx: MetaContext, access: ConnectionAccess): Promise<void> {
  try {
    await ctx.graph.call({
      operation: "revoke",
      method: "DELETE",
      path: "/me/permissions",
      token: access.accessToken,
      schema: Success,
    });
  } catch (error) {
    if (isConnectorError(error) && error.kind === "auth_revoked") return;
    throw error;
  }
}
