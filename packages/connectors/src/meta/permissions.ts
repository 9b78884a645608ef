import { ConnectorError } from "../core/index";
import { publishingPermissions } from "./config";
import type { MetaContext } from "./context";
import { Permissions } from "./schemas";

export interface GrantedPermissions {
  granted: string[];
  /** declined in the dialog, removed later in settings, or expired */
  notGranted: string[];
}

export async function readPermissions(
  ctx: MetaContext,
  token: string,
  operation: string,
): Promise<GrantedPermissions> {
  const answer = await ctx.graph.call({
    operation,
    method: "GET",
    path: "/me/permissions",
    token,
    schema: Permissions,
  });
  return {
    granted: answer.data.filter((p) => p.status === "granted").map((p) => p.permission),
    notGranted: answer.data.filter((p) => p.status !== "granted").map((p) => p.permission),
  };
}

/** The publishing permissions this deployment asks for that the user has not granted. */
export function missingPublishingPermissions(ctx: MetaContext, permissions: GrantedPermissions): string[] {
  return ctx.config.scopes.filter(
    (scope) => publishingPermissions.includes(scope) && !permissions.granted.includes(scope),
  );
}

export function declinedError(missing: string[]): ConnectorError {
  return new ConnectorError({
    kind: "permission_denied",
    platform: "meta",
    platformCode: "permissions_declined",
    message: `Facebook Login did not grant the permissions POSTD needs to publish: ${missing.join(", ")}`,
  });
}
