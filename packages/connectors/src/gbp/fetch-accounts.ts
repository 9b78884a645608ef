import { z } from "zod";
import {
  type ConnectionAccess,
  type ConnectorError,
  isConnectorError,
  type PlatformAccount,
} from "../core/index";
import { gbpUrls, maxPageSizes } from "./config";
import type { GbpContext } from "./context";
import { googleRequest, parseBody } from "./google-api";
import { v1LocationName } from "./resource-names";

const AccountPage = z.object({
  accounts: z
    .array(
      z.looseObject({ name: z.string(), accountName: z.string().optional(), type: z.string().optional() }),
    )
    .default([]),
  nextPageToken: z.string().optional(),
});

const Location = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  storefrontAddress: z
    .looseObject({
      addressLines: z.array(z.string()).optional(),
      locality: z.string().optional(),
      postalCode: z.string().optional(),
      regionCode: z.string().optional(),
    })
    .optional(),
  metadata: z.looseObject({ placeId: z.string().optional(), mapsUri: z.string().optional() }).optional(),
});
type Location = z.infer<typeof Location>;

const LocationPage = z.object({
  locations: z.array(Location).default([]),
  nextPageToken: z.string().optional(),
});

/** Bounds a runaway pagination (a token that never ends): 50 pages of 100 is far beyond any real profile. */
const maxPages = 50;
const readMask = "name,title,storefrontAddress,metadata";

/**
 * Every location the user can manage: `accounts.list` (paged), then each account's `locations.list` (paged, with
 * the required readMask). A location reachable through two accounts (personal and a location group) is listed
 * once, under the first account that showed it. An account whose locations Google refuses (403/404) is skipped
 * when another account answered; when every account is refused, that refusal is thrown (it is then more likely
 * the project's API access than one account's permissions).
 */
export async function fetchGbpAccounts(
  context: GbpContext,
  access: ConnectionAccess,
): Promise<PlatformAccount[]> {
  const found = new Map<string, PlatformAccount>();
  const refusals: ConnectorError[] = [];
  const accounts = await listAccounts(context, access.accessToken);
  for (const account of accounts) {
    const locations = await listLocationsOrRefusal(context, access.accessToken, account.name);
    if (!Array.isArray(locations)) {
      refusals.push(locations);
      continue;
    }
    for (const location of locations) {
      const platformAccount = toPlatformAccount(account.name, location);
      if (platformAccount && !found.has(platformAccount.externalId)) {
        found.set(platformAccount.externalId, platformAccount);
      }
    }
  }
  const [refusal] = refusals;
  if (refusal && refusals.length === accounts.length) throw refusal;
  return [...found.values()];
}

async function listLocationsOrRefusal(
  context: GbpContext,
  accessToken: string,
  accountName: string,
): Promise<Location[] | ConnectorError> {
  try {
    return await listLocations(context, accessToken, accountName);
  } catch (error) {
    if (isConnectorError(error) && (error.httpStatus === 403 || error.httpStatus === 404)) return error;
    throw error;
  }
}

async function listAccounts(context: GbpContext, accessToken: string) {
  const operation = "accounts.list_accounts";
  const pageSize = Math.min(context.config.pageSize ?? maxPageSizes.accounts, maxPageSizes.accounts);
  const accounts: z.infer<typeof AccountPage>["accounts"] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const response = await googleRequest(context, {
      operation,
      method: "GET",
      url: `${gbpUrls.accountManagement}/accounts`,
      query: { pageSize, pageToken },
      accessToken,
    });
    const body = parseBody(AccountPage, response, { operation });
    accounts.push(...body.accounts);
    pageToken = body.nextPageToken || undefined;
    if (!pageToken) break;
  }
  return accounts;
}

async function listLocations(
  context: GbpContext,
  accessToken: string,
  accountName: string,
): Promise<Location[]> {
  const operation = "accounts.list_locations";
  const pageSize = Math.min(context.config.pageSize ?? maxPageSizes.locations, maxPageSizes.locations);
  const locations: Location[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const response = await googleRequest(context, {
      operation,
      method: "GET",
      url: `${gbpUrls.businessInformation}/${accountName}/locations`,
      query: { readMask, pageSize, pageToken },
      accessToken,
    });
    const body = parseBody(LocationPage, response, { operation });
    locations.push(...body.locations);
    pageToken = body.nextPageToken || undefined;
    if (!pageToken) break;
  }
  return locations;
}

function toPlatformAccount(accountName: string, location: Location): PlatformAccount | null {
  const locationName = v1LocationName(location.name);
  if (!locationName) return null;
  const metadata: Record<string, string> = {
    accountName,
    locationName,
    v4Name: `${accountName}/${locationName}`,
  };
  if (location.metadata?.placeId) metadata.placeId = location.metadata.placeId;
  if (location.metadata?.mapsUri) metadata.mapsUri = location.metadata.mapsUri;
  const address = formatAddress(location.storefrontAddress);
  if (address) metadata.address = address;
  return {
    externalId: locationName,
    name: location.title ?? locationName,
    kind: "gbp_location",
    accessToken: null,
    metadata,
  };
}

function formatAddress(address: Location["storefrontAddress"]): string {
  if (!address) return "";
  return [...(address.addressLines ?? []), [address.postalCode, address.locality].filter(Boolean).join(" ")]
    .filter((part) => part.trim() !== "")
    .join(", ");
}
