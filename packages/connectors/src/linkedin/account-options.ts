import type { AccountAccess, AccountOptions } from "../core/index";
import { commentaryMaxLength, maxImages } from "./config";
import { visibilitiesFor } from "./post-options";

/** What a post to this account may choose, without a call: LinkedIn's rules depend only on the account kind. */
export function linkedInAccountOptions(access: AccountAccess): AccountOptions {
  return {
    kind: access.account.kind,
    options: {
      visibility: [...visibilitiesFor(access.account.kind)],
      defaultVisibility: "PUBLIC",
      commentaryMaxLength,
      maxImages,
      maxVideos: 1,
    },
  };
}
