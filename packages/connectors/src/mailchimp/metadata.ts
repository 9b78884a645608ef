import { z } from "zod";
import { ConnectorError } from "../core/index";
import { classifyMailchimpError, isOAuthError } from "./classify-error";
import { apiEndpointPattern, mailchimpUrls } from "./config";
import type { MailchimpContext } from "./context";
import { parseBody } from "./parse-body";

/** `GET https://login.mailchimp.com/oauth2/metadata`: who the token belongs to and which data center serves them. */
export const Metadata = z.looseObject({
  dc: z.string().min(1),
  role: z.string().optional(),
  accountname: z.string().optional(),
  user_id: z.union([z.number(), z.string().min(1)]),
  login: z
    .looseObject({
      email: z.string().nullish(),
      login_name: z.string().nullish(),
      login_email: z.string().nullish(),
    })
    .optional(),
  login_url: z.string().optional(),
  api_endpoint: z.string(),
});
export type Metadata = z.infer<typeof Metadata>;

/**
 * Reads the metadata with `Authorization: OAuth {token}`. A bad token is answered **200** with
 * `{"error":"invalid_token"}`, so the body is checked before the status; that is auth_revoked. The
 * `api_endpoint` must be `https://{dc}.api.mailchimp.com`: the token will be sent there.
 */
export async function fetchMetadata(
  context: MailchimpContext,
  accessToken: string,
  operation: string,
): Promise<Metadata> {
  const response = await context.deps.http.request({
    platform: "mailchimp",
    operation,
    method: "GET",
    url: mailchimpUrls.metadata,
    headers: { authorization: `OAuth ${accessToken}`, accept: "application/json" },
  });
  if (response.status >= 300 || isOAuthError(response.json)) {
    throw classifyMailchimpError(response, { operation, now: context.deps.clock.now() });
  }
  const metadata = parseBody(Metadata, response, { operation });
  const endpoint = metadata.api_endpoint.replace(/\/+$/, "");
  if (!apiEndpointPattern.test(endpoint)) {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "mailchimp",
      platformCode: "untrusted_api_endpoint",
      message: `${operation}: the metadata names ${metadata.api_endpoint}, which is not a Mailchimp API host`,
      httpStatus: response.status,
    });
  }
  return { ...metadata, api_endpoint: endpoint };
}
