import { z } from "zod";
import type { ConnectionAccess } from "../core/index";
import type { TikTokConfig } from "./config";
import type { TikTokApi } from "./tiktok-api";

/** `POST /v2/oauth/revoke/` with the app credentials and the user's access token; the whole grant ends. */
export async function revokeTikTok(
  context: { config: TikTokConfig; api: TikTokApi },
  access: ConnectionAccess,
): Promise<void> {
  await context.api.callOAuth({
    operation: "oauth.revoke",
    method: "POST",
    path: "/v2/oauth/revoke/",
    form: {
      client_key: context.config.clientId,
      client_secret: context.config.clientSecret,
      token: access.accessToken,
    },
    schema: z.unknown(),
  });
}
