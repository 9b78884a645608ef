import { z } from "zod";
import { ConnectorError } from "../core/index";
import type { LinkedInContext } from "./context";
import { restRequest } from "./rest-request";

/** OIDC userinfo: `sub` is the member id behind `urn:li:person:{sub}`. */
export const LinkedInUserInfo = z.looseObject({
  sub: z.string().min(1),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
});
export type LinkedInUserInfo = z.infer<typeof LinkedInUserInfo>;

export async function fetchUserInfo(
  context: LinkedInContext,
  accessToken: string,
  operation: string,
): Promise<LinkedInUserInfo> {
  const response = await restRequest(context, {
    operation,
    method: "GET",
    path: "/v2/userinfo",
    accessToken,
  });
  const parsed = LinkedInUserInfo.safeParse(response.json);
  if (!parsed.success) {
    throw new ConnectorError({
      kind: "transient",
      platform: "linkedin",
      platformCode: "malformed_userinfo",
      message: `${operation}: userinfo answered without a member id (sub)`,
      httpStatus: response.status,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export function memberUrn(sub: string): string {
  return `urn:li:person:${sub}`;
}

export function displayNameOf(info: LinkedInUserInfo): string {
  return info.name ?? ([info.given_name, info.family_name].filter(Boolean).join(" ") || info.sub);
}
