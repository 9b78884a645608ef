import type { AccountAccess, AccountOptions } from "../core/index";
import { maxMediaItems, summaryMaxLength } from "./config";
import { callToActionTypes, topicTypes } from "./post-options";

/** What a post to a location may choose; Google's rules are the same for every location, so no call is made. */
export function gbpAccountOptions(access: AccountAccess, languageCode: string): AccountOptions {
  return {
    kind: access.account.kind,
    options: {
      topicTypes: [...topicTypes],
      defaultTopicType: "STANDARD",
      callToActionTypes: [...callToActionTypes],
      callToActionWithoutUrl: ["CALL"],
      summaryMaxLength,
      maxMedia: maxMediaItems,
      mediaFormats: ["PHOTO", "VIDEO"],
      eventRequiredFor: ["EVENT", "OFFER"],
      languageCode,
    },
  };
}
