import { type AccountAccess, ConnectorError, isConnectorError } from "../core/index";
import type { MetaContext } from "./context";
import { Success } from "./schemas";

/**
 * `DELETE /{id}`: Page posts with the Page token; Instagram media with the user token (Meta allows IG deletes
 * only with a Facebook user token and `instagram_manage_contents`). Something already gone (100/33) counts as
 * deleted; a carousel child or an ad post (-1/2207073) is `invalid_request`.
 */
export async function deletePost(
  ctx: MetaContext,
  access: AccountAccess,
  platformPostId: string,
): Promise<void> {
  const instagram = access.account.kind === "instagram_account";
  let answer: { success: boolean };
  try {
    answer = await ctx.graph.call({
      operation: instagram ? "delete.instagram_media" : "delete.facebook_post",
      method: "DELETE",
      path: `/${platformPostId}`,
      token: instagram ? access.userAccessToken : access.accessToken,
      schema: Success,
    });
  } catch (error) {
    if (isConnectorError(error) && error.platformCode === "100/33") return;
    throw error;
  }
  if (!answer.success) {
    throw new ConnectorError({
      kind: "transient",
      platform: "meta",
      platformCode: "success_false",
      message: `Graph did not confirm deleting ${platformPostId}`,
    });
  }
}
