import { z } from "zod";
import { type AccountAccess, ConnectorError, type PostMetrics } from "../core/index";
import type { LinkedInContext } from "./context";
import { parseBody, restRequest } from "./rest-request";
import { restliList, restliRecord } from "./restli";

const ShareStatistics = z.object({
  elements: z.array(
    z.looseObject({
      totalShareStatistics: z.looseObject({
        impressionCount: z.number().optional(),
        uniqueImpressionsCount: z.number().optional(),
        clickCount: z.number().optional(),
        likeCount: z.number().optional(),
        commentCount: z.number().optional(),
        shareCount: z.number().optional(),
        engagement: z.number().optional(),
      }),
    }),
  ),
});

const MemberAnalytics = z.object({ elements: z.array(z.looseObject({ count: z.number() })) });

/** Member metrics: one `memberCreatorPostAnalytics` call per metric type (aggregation TOTAL). */
const memberMetrics = [
  ["IMPRESSION", "impressions"],
  ["MEMBERS_REACHED", "reach"],
  ["REACTION", "likes"],
  ["COMMENT", "comments"],
  ["RESHARE", "shares"],
] as const satisfies ReadonlyArray<readonly [string, keyof PostMetrics]>;

/**
 * Organization posts: `organizationalEntityShareStatistics` (impressions, unique impressions as reach, clicks,
 * likes, comments, shares; LinkedIn's `engagement` ratio has no place in PostMetrics). Member posts:
 * `memberCreatorPostAnalytics` (impressions, members reached, reactions, comments, reshares; no clicks).
 */
export async function getLinkedInPostAnalytics(
  context: LinkedInContext,
  access: AccountAccess,
  platformPostId: string,
): Promise<PostMetrics> {
  const entityType = postEntityType(platformPostId);
  if (access.account.kind === "linkedin_organization") {
    return organizationMetrics(context, access, platformPostId, entityType);
  }
  const metrics: PostMetrics = {};
  for (const [queryType, field] of memberMetrics) {
    const operation = "analytics.member_post";
    const response = await restRequest(context, {
      operation,
      method: "GET",
      path: "/rest/memberCreatorPostAnalytics",
      query: {
        q: "entity",
        entity: restliRecord(entityType, platformPostId),
        queryType,
        aggregation: "TOTAL",
      },
      accessToken: access.accessToken,
      restliMethod: "FINDER",
    });
    const { elements } = parseBody(MemberAnalytics, response, operation);
    metrics[field] = elements.reduce((sum, element) => sum + element.count, 0);
  }
  return metrics;
}

async function organizationMetrics(
  context: LinkedInContext,
  access: AccountAccess,
  platformPostId: string,
  entityType: "share" | "ugcPost",
): Promise<PostMetrics> {
  const operation = "analytics.organization_share";
  const response = await restRequest(context, {
    operation,
    method: "GET",
    path: "/rest/organizationalEntityShareStatistics",
    query: {
      q: "organizationalEntity",
      organizationalEntity: access.account.externalId,
      [entityType === "share" ? "shares" : "ugcPosts"]: restliList([platformPostId]),
    },
    accessToken: access.accessToken,
    restliMethod: "FINDER",
  });
  const [element] = parseBody(ShareStatistics, response, operation).elements;
  if (!element) return {};
  const stats = element.totalShareStatistics;
  const reported: Array<[keyof PostMetrics, number | undefined]> = [
    ["impressions", stats.impressionCount],
    ["reach", stats.uniqueImpressionsCount],
    ["clicks", stats.clickCount],
    ["likes", stats.likeCount],
    ["comments", stats.commentCount],
    ["shares", stats.shareCount],
  ];
  const metrics: PostMetrics = {};
  for (const [field, value] of reported) if (value !== undefined) metrics[field] = value;
  return metrics;
}

function postEntityType(urn: string): "share" | "ugcPost" {
  if (urn.startsWith("urn:li:share:")) return "share";
  if (urn.startsWith("urn:li:ugcPost:")) return "ugcPost";
  throw new ConnectorError({
    kind: "invalid_request",
    platform: "linkedin",
    platformCode: "unsupported_post_urn",
    message: `analytics: ${urn} is neither a share nor a ugcPost URN`,
  });
}
