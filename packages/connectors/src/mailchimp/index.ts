export type { MailchimpAccountOptions } from "./account-options";
export { classifyMailchimpError } from "./classify-error";
export { defaultMailchimpScopes, defaultMailchimpSettings, type MailchimpConfig } from "./config";
export { createMailchimpConnector, type MailchimpConnector, mailchimpCapabilities } from "./connector";
export { parseFormBody } from "./form-body";
export { publishKeys as mailchimpPublishKeys } from "./publish-progress";
