import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { SimState } from "../../state/sim-state";
import { linkedInErrors, sendError } from "./errors";
import { guardRest, requireScope } from "./guard";
import { encodedUrnValue, parseRestliList, parseRestliRecord, rawQuery } from "./restli-query";
import { personUrn } from "./seed";
import type { LinkedInWorld } from "./world";

const memberQueryTypes = ["IMPRESSION", "MEMBERS_REACHED", "RESHARE", "REACTION", "COMMENT"] as const;

/** Deterministic numbers per post, so tests can assert them. */
export function simPostStatistics(urn: string) {
  const hash = createHash("sha256").update(urn).digest();
  const impressionCount = 100 + (hash.readUInt16BE(0) % 900);
  const clickCount = hash.readUInt8(2) % 50;
  const likeCount = hash.readUInt8(3) % 40;
  const commentCount = hash.readUInt8(4) % 10;
  const shareCount = hash.readUInt8(5) % 5;
  return {
    impressionCount,
    uniqueImpressionsCount: Math.floor(impressionCount * 0.8),
    clickCount,
    likeCount,
    commentCount,
    shareCount,
    engagement: (clickCount + likeCount + commentCount + shareCount) / impressionCount,
  };
}

export function registerAnalyticsRoutes(app: FastifyInstance, state: SimState, world: LinkedInWorld): void {
  app.get("/api.linkedin.com/rest/organizationalEntityShareStatistics", async (request, reply) => {
    const token = guardRest(request, reply, state);
    if (!token) return reply;
    const resource = "organizationalEntityShareStatistics.FINDER-organizationalEntity";
    if (!requireScope(reply, token, ["rw_organization_admin", "r_organization_admin"], resource))
      return reply;
    const query = rawQuery(request.url);
    const organization = encodedUrnValue(query.get("organizationalEntity"));
    if (query.get("q") !== "organizationalEntity" || !organization) {
      return sendError(reply, linkedInErrors.badRequest("Invalid query parameters: organizationalEntity"));
    }
    if (!world.rolesOn(token.userId, organization).includes("ADMINISTRATOR")) {
      return sendError(reply, linkedInErrors.accessDenied(resource));
    }
    const listKey = query.has("ugcPosts") ? "ugcPosts" : "shares";
    const requested = query.has(listKey) ? parseRestliList(query.get(listKey)) : [];
    if (requested === null) return sendError(reply, linkedInErrors.badRequest(`Invalid ${listKey} list`));
    const elements = requested
      .map((urn) => world.posts.get(urn))
      .filter((post) => post !== undefined && post.author === organization && !post.deleted)
      .map((post) => ({
        organizationalEntity: organization,
        [listKey === "shares" ? "share" : "ugcPost"]: post?.id,
        totalShareStatistics: simPostStatistics(post?.id ?? ""),
      }));
    return { paging: { start: 0, count: 10, links: [] }, elements };
  });

  app.get("/api.linkedin.com/rest/memberCreatorPostAnalytics", async (request, reply) => {
    const token = guardRest(request, reply, state);
    if (!token) return reply;
    const resource = "memberCreatorPostAnalytics.FINDER-entity";
    if (!requireScope(reply, token, ["r_member_postAnalytics"], resource)) return reply;
    const query = rawQuery(request.url);
    const entity = parseRestliRecord(query.get("entity"));
    const queryType = query.get("queryType") as (typeof memberQueryTypes)[number] | undefined;
    if (query.get("q") !== "entity" || !entity || !queryType || !memberQueryTypes.includes(queryType)) {
      return sendError(reply, linkedInErrors.badRequest("Invalid query parameters: entity, queryType"));
    }
    const post = world.posts.get(entity.value);
    if (!post || post.deleted) return sendError(reply, linkedInErrors.notFound(`${entity.value} not found`));
    if (post.author !== personUrn(token.userId))
      return sendError(reply, linkedInErrors.accessDenied(resource));
    const stats = simPostStatistics(post.id);
    const counts = {
      IMPRESSION: stats.impressionCount,
      MEMBERS_REACHED: stats.uniqueImpressionsCount,
      RESHARE: stats.shareCount,
      REACTION: stats.likeCount,
      COMMENT: stats.commentCount,
    };
    return {
      paging: { start: 0, count: 10, links: [] },
      elements: [
        {
          count: counts[queryType],
          metricType: {
            "com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1": queryType,
          },
          targetEntity: { [entity.key]: post.id },
        },
      ],
    };
  });
}
