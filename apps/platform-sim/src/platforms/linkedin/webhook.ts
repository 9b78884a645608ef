import { createHmac } from "node:crypto";
import type { BuiltWebhook, WebhookFireRequest } from "../../core/platform-module";
import type { SimState } from "../../state/sim-state";
import { organizationUrn, personUrn } from "./seed";
import type { LinkedInWorld } from "./world";

const eventType = "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS";

/**
 * An organization social-action notification as LinkedIn POSTs it (the only webhook type emulated; an `event`
 * naming an action, e.g. "LIKE", picks the action). Params: `organizationId` (1001), `action`
 * (COMMENT), `notificationId` (a counter), `sourcePost` (the organization's latest post), and `signatureStyle`:
 * "header-prefix" (default; `X-LI-Signature: hmacsha256=<hex HMAC(body)>`) or "body-prefix" (bare hex of
 * `HMAC("hmacsha256=" + body)`), the two readings of LinkedIn's description.
 */
export function buildLinkedInWebhook(
  state: SimState,
  world: LinkedInWorld,
  request: WebhookFireRequest,
  nextNotificationId: () => number,
): BuiltWebhook {
  const { params } = request;
  const organization = organizationUrn(Number(params.organizationId ?? 1001));
  const latest = [...world.posts.values()].filter((p) => p.author === organization).at(-1);
  const sourcePost = String(params.sourcePost ?? latest?.id ?? "urn:li:share:7100000000000000001");
  const actions = [
    "LIKE",
    "COMMENT",
    "SHARE",
    "SHARE_MENTION",
    "ADMIN_COMMENT",
    "COMMENT_EDIT",
    "COMMENT_DELETE",
  ];
  const action = String(params.action ?? (actions.includes(request.event) ? request.event : "COMMENT"));
  const notificationId = Number(params.notificationId ?? nextNotificationId());
  const activity = `urn:li:activity:${7_200_000_000_000_000_000n + BigInt(notificationId)}`;
  const body = JSON.stringify({
    type: eventType,
    notifications: [
      {
        notificationId,
        organizationalEntity: organization,
        action,
        sourcePost,
        decoratedSourcePost: { entity: sourcePost, owner: organization },
        generatedActivity: activity,
        decoratedGeneratedActivity: { [action.toLowerCase()]: { entity: activity } },
        lastModifiedAt: state.now(),
        subscriber: personUrn(world.seed.members[0]?.sub ?? ""),
      },
    ],
  });
  const secret = state.apps.linkedin.clientSecret;
  const signature =
    params.signatureStyle === "body-prefix"
      ? createHmac("sha256", secret).update(`hmacsha256=${body}`).digest("hex")
      : `hmacsha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  return { headers: { "content-type": "application/json", "x-li-signature": signature }, body };
}

/**
 * What LinkedIn does to validate an endpoint: `GET url?challengeCode=<uuid>&applicationId=…`, then checks a 200
 * JSON `{challengeCode, challengeResponse: hex(HMAC-SHA256(clientSecret, challengeCode))}` within 3 seconds.
 */
export async function validateLinkedInWebhookEndpoint(
  url: string,
  clientSecret: string,
): Promise<{ valid: boolean; status: number | null; body: string }> {
  const challengeCode = crypto.randomUUID();
  const target = new URL(url);
  target.searchParams.set("challengeCode", challengeCode);
  target.searchParams.set("applicationId", "postd-sim");
  let response: Response;
  let body: string;
  try {
    response = await fetch(target, { signal: AbortSignal.timeout(3000) });
    body = await response.text();
  } catch (error) {
    return { valid: false, status: null, body: error instanceof Error ? error.message : String(error) };
  }
  const expected = createHmac("sha256", clientSecret).update(challengeCode).digest("hex");
  const answer = parseJson(body);
  const valid =
    response.status === 200 &&
    answer?.challengeCode === challengeCode &&
    answer.challengeResponse === expected;
  return { valid, status: response.status, body };
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
