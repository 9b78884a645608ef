import { createHmac } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { SimState } from "../../state/sim-state";
import type { TokenRecord } from "../../state/token-store";
import { GraphError, graphErrors } from "./graph-error";
import { graphParams, tokenFrom } from "./graph-params";
import type { MetaWorld } from "./world";

export interface MetaSim {
  state: SimState;
  world: MetaWorld;
}

/** Who is calling: the token, its user, the Page a Page token speaks for, and what is still granted. */
export interface Caller {
  token: string;
  record: TokenRecord;
  userId: string;
  pageId: string | null;
  granted: Set<string>;
}

export interface GraphInput {
  request: FastifyRequest;
  version: string;
  /** query and body parameters, merged */
  params: Record<string, string>;
  /** the route's path parameters */
  path: Record<string, string>;
  caller: Caller;
  /** headers added to the answer, success or error (usage headers) */
  headers: Record<string, string>;
}

type Handler = (input: GraphInput) => unknown;

const versionPattern = /^v\d+\.\d+$/;

/**
 * A Graph route: checks the version, resolves the token (Graph's own 190 answers for bad, expired and revoked
 * ones), checks `appsecret_proof` when sent, meters app usage, and turns thrown `GraphError`s into Graph's error body.
 */
export function graphRoute(sim: MetaSim, handler: Handler) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const headers: Record<string, string> = {};
    try {
      const path = request.params as Record<string, string>;
      const version = path.version ?? "";
      if (!versionPattern.test(version)) throw graphErrors.unknownPath(`/${version}`);
      const params = graphParams(request);
      const caller = resolveCaller(sim, request, params);
      chargeApp(sim, headers);
      const result = await handler({ request, version, params, path, caller, headers });
      return reply.headers(headers).send(result);
    } catch (error) {
      if (error instanceof GraphError) return sendGraphError(reply, error, headers);
      throw error;
    }
  };
}

/** A Graph route that takes no token (the OAuth token endpoint). */
export function publicGraphRoute(
  handler: (input: { request: FastifyRequest; params: Record<string, string> }) => unknown,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const version = (request.params as Record<string, string>).version ?? "";
      if (!versionPattern.test(version)) throw graphErrors.unknownPath(`/${version}`);
      return reply.send(await handler({ request, params: graphParams(request) }));
    } catch (error) {
      if (error instanceof GraphError) return sendGraphError(reply, error, {});
      throw error;
    }
  };
}

export function sendGraphError(reply: FastifyReply, error: GraphError, headers: Record<string, string>) {
  return reply
    .code(error.status)
    .headers({ ...headers, ...error.headers })
    .send(error.body());
}

function resolveCaller(sim: MetaSim, request: FastifyRequest, params: Record<string, string>): Caller {
  const token = tokenFrom(request, params);
  if (!token) throw graphErrors.missingToken();
  const check = sim.state.tokens.checkAccess(token);
  const app = sim.state.apps.meta;
  if (!check.ok) {
    if (check.reason === "expired") {
      throw graphErrors.expiredToken(sim.state.tokens.find(token)?.expiresAt ?? 0, sim.state.now());
    }
    throw check.reason === "revoked" ? graphErrors.revokedToken(app.clientId) : graphErrors.invalidToken();
  }
  if (check.record.platform !== "meta" || check.record.clientId !== app.clientId)
    throw graphErrors.invalidToken();
  const proof = params.appsecret_proof;
  if (proof !== undefined && proof !== createHmac("sha256", app.clientSecret).update(token).digest("hex")) {
    throw graphErrors.badProof();
  }
  const userId = check.record.userId;
  const granted = new Set(check.record.scopes.filter((s) => !sim.world.isDeclined(userId, s)));
  return { token, record: check.record, userId, pageId: sim.world.pageTokens.get(token) ?? null, granted };
}

function chargeApp(sim: MetaSim, headers: Record<string, string>): void {
  const usage = sim.world.meter("app", {
    now: sim.state.now(),
    windowMs: 3_600_000,
    limit: sim.world.limits.appCallsPerHour,
    enforce: sim.state.settings.rateLimits,
  });
  headers["x-app-usage"] = JSON.stringify({
    call_count: usage.share,
    total_cputime: Math.floor(usage.share / 2),
    total_time: Math.floor(usage.share / 2),
  });
  if (!usage.allowed) {
    throw new GraphError({ message: "(#4) Application request limit reached", code: 4, is_transient: true });
  }
}

/**
 * Business Use Case metering for calls on a Page (type `pages`) or an Instagram account (type `instagram`):
 * `X-Business-Use-Case-Usage` on every answer, and 80001/80002 with the regain time (minutes) once used up.
 */
export function chargeBusiness(
  sim: MetaSim,
  input: GraphInput,
  type: "pages" | "instagram",
  businessId: string,
): void {
  const usage = sim.world.meter(`buc:${businessId}`, {
    now: sim.state.now(),
    windowMs: 86_400_000,
    limit: sim.world.limits.businessCallsPerDay,
    enforce: sim.state.settings.rateLimits,
  });
  const minutes = Math.ceil(usage.retryAfterMs / 60_000);
  input.headers["x-business-use-case-usage"] = JSON.stringify({
    [businessId]: [
      {
        type,
        call_count: usage.share,
        total_cputime: Math.floor(usage.share / 3),
        total_time: Math.floor(usage.share / 3),
        estimated_time_to_regain_access: minutes,
      },
    ],
  });
  if (usage.allowed) return;
  throw new GraphError(
    type === "pages"
      ? {
          message: "There have been too many calls to this Page account. Wait a bit and try again.",
          code: 80001,
          error_subcode: 2494055,
        }
      : {
          message: "There have been too many calls to this Instagram account. Wait a bit and try again.",
          code: 80002,
        },
  );
}

/** The Pages a caller may act on: its own Page for a Page token, the user's Pages for a user token. */
export function canSeePage(sim: MetaSim, caller: Caller, pageId: string): boolean {
  if (caller.pageId !== null) return caller.pageId === pageId;
  return sim.world.user(caller.userId)?.pageIds.includes(pageId) ?? false;
}

export function canSeeInstagram(sim: MetaSim, caller: Caller, igUserId: string): boolean {
  const account = sim.world.instagram(igUserId);
  return account !== undefined && canSeePage(sim, caller, account.pageId);
}

export function requireGranted(caller: Caller, permissions: string[], error: () => GraphError): void {
  if (permissions.some((p) => !caller.granted.has(p))) throw error();
}
