import { z } from "zod";
import type { TikTokApi } from "./tiktok-api";
import { parseScopes } from "./token-response";

export const TikTokUser = z.object({
  open_id: z.string().min(1),
  union_id: z.string().optional(),
  avatar_url: z.string().optional(),
  display_name: z.string().optional(),
  username: z.string().optional(),
});
export type TikTokUser = z.infer<typeof TikTokUser>;

const UserInfoData = z.object({ user: TikTokUser });

/**
 * `username` needs `user.info.profile`: it is asked for only when the grant has that scope (or when we do not
 * know the grant's scopes), so a narrower grant still identifies its user.
 */
export function mayReadUsername(grantedScope: string | undefined): boolean {
  return grantedScope === undefined || parseScopes(grantedScope).includes("user.info.profile");
}

/** `GET /v2/user/info/` with the basic fields, and `username` when asked. */
export async function fetchTikTokUser(
  api: TikTokApi,
  input: { accessToken: string; withUsername: boolean; operation: string },
): Promise<TikTokUser> {
  const fields = ["open_id", "union_id", "avatar_url", "display_name"];
  if (input.withUsername) fields.push("username");
  const { data } = await api.call({
    operation: input.operation,
    method: "GET",
    path: "/v2/user/info/",
    accessToken: input.accessToken,
    query: { fields: fields.join(",") },
    schema: UserInfoData,
  });
  return data.user;
}

export function displayNameOf(user: TikTokUser): string {
  return user.display_name || (user.username ? `@${user.username}` : user.open_id);
}
