import type { BuiltWebhook, WebhookFireRequest } from "../../core/platform-module";
import type { SimState } from "../../state/sim-state";
import { type SigningKeys, signJwt } from "./signing";
import type { GbpWorld } from "./world";

export const defaultPushAudience = "https://app.postd.test/api/webhooks/gbp";
export const defaultPushServiceAccount = "gbp-push@postd-sim.iam.gserviceaccount.com";
const subscription = "projects/postd-sim/subscriptions/gbp-notifications";

const reviewTypes = new Set(["NEW_REVIEW", "UPDATED_REVIEW"]);
const questionTypes = new Set(["NEW_QUESTION", "UPDATED_QUESTION", "NEW_ANSWER", "UPDATED_ANSWER"]);

/**
 * A Pub/Sub push of a Business Profile notification: `{message:{data:<base64 JSON>, attributes, messageId,
 * message_id, publishTime, publish_time}, subscription}` with `Authorization: Bearer <OIDC JWT>` signed by the
 * sim's Google key (served at www.googleapis.com/oauth2/v3/certs).
 *
 * `event` is the notification type (NEW_REVIEW, GOOGLE_UPDATE, …; `params.type` overrides it). The decoded data
 * is `{type, location: "accounts/{a}/locations/{l}", review?|question?|answer?|mediaItem?}` (Google's exact keys
 * are unconfirmed). Params: `locationName`, `reviewName`, `messageId`, `audience`, `email`, `emailVerified`,
 * `issuer`, and the switches `expired` (issued 2 h ago) and `wrongAudience`.
 */
export function buildGbpWebhook(
  state: SimState,
  world: GbpWorld,
  keys: SigningKeys,
  request: WebhookFireRequest & { messageId: string },
): BuiltWebhook {
  const { params } = request;
  const text = (name: string) => (typeof params[name] === "string" ? (params[name] as string) : undefined);
  const type = text("type") ?? request.event;
  const firstAccount = world.seed.accounts[0];
  const location =
    text("locationName") ??
    `accounts/${firstAccount?.id ?? "0"}/locations/${firstAccount?.locationIds[0] ?? "0"}`;
  const data: Record<string, string> = { type, location };
  if (reviewTypes.has(type)) data.review = text("reviewName") ?? `${location}/reviews/sim-review-1`;
  if (questionTypes.has(type)) data.question = `${location}/questions/sim-question-1`;
  if (type.endsWith("_ANSWER")) data.answer = `${location}/questions/sim-question-1/answers/sim-answer-1`;
  if (type === "NEW_CUSTOMER_MEDIA") data.mediaItem = `${location}/media/customers/sim-media-1`;
  const now = state.now();
  const body = JSON.stringify({
    message: {
      attributes: {},
      data: Buffer.from(JSON.stringify(data), "utf8").toString("base64"),
      messageId: request.messageId,
      message_id: request.messageId,
      publishTime: new Date(now).toISOString(),
      publish_time: new Date(now).toISOString(),
    },
    subscription,
  });
  return {
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${pushToken(keys, params, now)}`,
      "user-agent": "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)",
    },
    body,
  };
}

function pushToken(keys: SigningKeys, params: Record<string, unknown>, now: number): string {
  const iat = Math.floor(now / 1000) - (params.expired === true ? 7200 : 0);
  const audience = typeof params.audience === "string" ? params.audience : defaultPushAudience;
  return signJwt(keys, {
    aud: params.wrongAudience === true ? "https://attacker.example.test/push" : audience,
    azp: "113475436288593871234",
    email: typeof params.email === "string" ? params.email : defaultPushServiceAccount,
    email_verified: params.emailVerified !== false,
    exp: iat + 3600,
    iat,
    iss: typeof params.issuer === "string" ? params.issuer : "https://accounts.google.com",
    sub: "113475436288593871234",
  });
}
