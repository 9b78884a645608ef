export { classifyGbpError } from "./classify-error";
export {
  businessScopes,
  defaultGbpScopes,
  defaultGbpSettings,
  type GbpConfig,
  maxMediaItems,
  summaryMaxLength,
} from "./config";
export { createGbpConnector, gbpCapabilities } from "./connector";
export { callToActionTypes, GbpPostOptions, topicTypes } from "./post-options";
export { localPostProgressKey } from "./publish";
export { v1LocationName } from "./resource-names";
