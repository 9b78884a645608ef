import { z } from "zod";
import { classifyGbpError } from "./classify-error";
import { gbpUrls } from "./config";
import type { GbpContext } from "./context";
import { parseBody } from "./google-api";

/** OIDC userinfo: `sub` is the Google account's stable id; `email` with the email scope, names with profile. */
export const GoogleUserInfo = z.looseObject({
  sub: z.string().min(1),
  email: z.string().optional(),
  email_verified: z.boolean().optional(),
  name: z.string().optional(),
});
export type GoogleUserInfo = z.infer<typeof GoogleUserInfo>;

export async function fetchUserInfo(
  context: GbpContext,
  accessToken: string,
  operation: string,
): Promise<GoogleUserInfo> {
  const response = await context.deps.http.request({
    platform: "gbp",
    operation,
    method: "GET",
    url: gbpUrls.userinfo,
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (response.status !== 200) {
    throw classifyGbpError(response, { operation, now: context.deps.clock.now() });
  }
  return parseBody(GoogleUserInfo, response, { operation });
}

export function displayNameOf(info: GoogleUserInfo): string {
  return info.name ?? info.email ?? `Google user ${info.sub}`;
}
