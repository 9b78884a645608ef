import { ConnectorError } from "../core/index";

/**
 * Google names things by path. The v1 APIs say `locations/{l}`, v4 needs `accounts/{a}/locations/{l}`, and a post
 * is `accounts/{a}/locations/{l}/localPosts/{p}`. These helpers convert between them.
 */
const postNamePattern = /^accounts\/([^/]+)\/locations\/([^/]+)\/localPosts\/([^/]+)$/;
const locationPattern = /^(?:accounts\/[^/]+\/)?locations\/([^/]+)$/;

export interface LocalPostName {
  accountId: string;
  locationId: string;
  postId: string;
}

export function parseLocalPostName(name: string, operation: string): LocalPostName {
  const match = postNamePattern.exec(name);
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "gbp",
      platformCode: "invalid_post_name",
      message: `${operation}: ${name} is not a local post name (accounts/{a}/locations/{l}/localPosts/{p})`,
    });
  }
  return { accountId: match[1], locationId: match[2], postId: match[3] };
}

/** `locations/{l}` from either `locations/{l}` or `accounts/{a}/locations/{l}`; null for anything else. */
export function v1LocationName(name: string): string | null {
  const match = locationPattern.exec(name.trim());
  return match?.[1] ? `locations/${match[1]}` : null;
}

/** The v4 parent of a location account (`accounts/{a}/locations/{l}`), from the metadata fetchAccounts stored. */
export function v4LocationName(
  account: { externalId: string; metadata: Record<string, string> },
  operation: string,
): string {
  const stored = account.metadata.v4Name;
  if (stored && /^accounts\/[^/]+\/locations\/[^/]+$/.test(stored)) return stored;
  const accountName = account.metadata.accountName;
  const location = v1LocationName(account.externalId);
  if (accountName && location) return `${accountName}/${location}`;
  throw new ConnectorError({
    kind: "invalid_request",
    platform: "gbp",
    platformCode: "missing_location_metadata",
    message: `${operation}: the account ${account.externalId} lacks its accounts/{a}/locations/{l} name; fetch the accounts again`,
  });
}
