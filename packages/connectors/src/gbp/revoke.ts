import type { ConnectionAccess } from "../core/index";
import { classifyGbpError } from "./classify-error";
import { gbpUrls } from "./config";
import type { GbpContext } from "./context";

/**
 * `POST https://oauth2.googleapis.com/revoke` with the token form-encoded in the body (Google takes it in the
 * query string or the body; the body keeps it out of URL logs). Revoking the access token ends the whole grant,
 * its refresh token included. `invalid_token` means it is already revoked or expired: done.
 */
export async function revokeGbp(context: GbpContext, access: ConnectionAccess): Promise<void> {
  const operation = "oauth.revoke";
  const response = await context.deps.http.request({
    platform: "gbp",
    operation,
    method: "POST",
    url: gbpUrls.revoke,
    body: { form: { token: access.accessToken } },
  });
  if (response.status === 200) return;
  const body = response.json as { error?: unknown } | undefined;
  if (response.status === 400 && body?.error === "invalid_token") return;
  throw classifyGbpError(response, { operation, now: context.deps.clock.now() });
}
