import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SimState } from "../../state/sim-state";
import { googleErrors, sendGoogleError } from "./google-errors";
import { guardApi } from "./guard";
import { offsetOf, page, pageSizeOf } from "./paging";
import type { GbpLocation } from "./seed";
import type { GbpWorld } from "./world";

export const accountManagementHost = "mybusinessaccountmanagement.googleapis.com";
export const businessInformationHost = "mybusinessbusinessinformation.googleapis.com";

const readableFields = new Set([
  "name",
  "title",
  "storefrontAddress",
  "metadata",
  "languageCode",
  "phoneNumbers",
  "categories",
  "websiteUri",
  "regularHours",
  "profile",
]);

/** accounts.list (20 a page at most) and accounts.locations.list (readMask required, 100 a page at most). */
export function registerAccountRoutes(app: FastifyInstance, state: SimState, world: GbpWorld): void {
  app.get(`/${accountManagementHost}/v1/accounts`, (request, reply) =>
    listAccounts(request, reply, state, world),
  );
  app.get(`/${businessInformationHost}/v1/accounts/:accountId/locations`, (request, reply) =>
    listLocations(request, reply, state, world),
  );
}

async function listAccounts(request: FastifyRequest, reply: FastifyReply, state: SimState, world: GbpWorld) {
  const token = guardApi(request, reply, state, accountManagementHost);
  if (!token) return reply;
  const query = request.query as Record<string, string | undefined>;
  const size = pageSizeOf(query.pageSize, { default: 20, max: 20 });
  const offset = offsetOf("accounts", query.pageToken);
  if (size === null || offset === null) return sendGoogleError(reply, googleErrors.invalidArgument());
  const accounts = world.accountsOf(token.userId).map((account) => ({
    name: `accounts/${account.id}`,
    accountName: account.accountName,
    type: account.type,
    role: account.members.find((m) => m.sub === token.userId)?.role,
    verificationState: account.type === "PERSONAL" ? "VERIFICATION_STATE_UNSPECIFIED" : "VERIFIED",
    vettedState: "NOT_VETTED",
    permissionLevel: "OWNER_LEVEL",
  }));
  const { slice, next } = page(accounts, "accounts", offset, size);
  // Google leaves empty repeated fields out: a user without accounts gets `{}`
  return { ...(slice.length > 0 ? { accounts: slice } : {}), ...(next ? { nextPageToken: next } : {}) };
}

async function listLocations(request: FastifyRequest, reply: FastifyReply, state: SimState, world: GbpWorld) {
  const token = guardApi(request, reply, state, businessInformationHost);
  if (!token) return reply;
  const { accountId } = request.params as { accountId: string };
  const query = request.query as Record<string, string | undefined>;
  const fields = (query.readMask ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const unknownField = fields.find((f) => !readableFields.has(f));
  const maskProblem =
    fields.length === 0
      ? "Field is required"
      : unknownField
        ? `Invalid field mask provided: ${unknownField}`
        : null;
  if (maskProblem) {
    return sendGoogleError(
      reply,
      googleErrors.invalidArgument([{ field: "read_mask", description: maskProblem }]),
    );
  }
  const account = world.seed.accounts.find((a) => a.id === accountId);
  if (!account) return sendGoogleError(reply, googleErrors.notFound());
  if (!account.members.some((m) => m.sub === token.userId)) {
    return sendGoogleError(reply, googleErrors.permissionDenied());
  }
  const size = pageSizeOf(query.pageSize, { default: 10, max: 100 });
  const offset = offsetOf(`locations:${accountId}`, query.pageToken);
  if (size === null || offset === null) return sendGoogleError(reply, googleErrors.invalidArgument());
  const locations = account.locationIds.flatMap((id) => {
    const location = world.location(id);
    return location ? [masked(location, fields)] : [];
  });
  const { slice, next } = page(locations, `locations:${accountId}`, offset, size);
  return {
    ...(slice.length > 0 ? { locations: slice } : {}),
    ...(next ? { nextPageToken: next } : {}),
    totalSize: locations.length,
  };
}

function masked(location: GbpLocation, fields: string[]): Record<string, unknown> {
  const full: Record<string, unknown> = {
    name: `locations/${location.id}`,
    title: location.title,
    storefrontAddress: location.storefrontAddress,
    metadata: { placeId: location.placeId, mapsUri: location.mapsUri, hasVoiceOfMerchant: true },
    languageCode: "en",
  };
  return Object.fromEntries(fields.filter((f) => f in full).map((f) => [f, full[f]]));
}
