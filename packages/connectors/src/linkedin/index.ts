export { classifyLinkedInError, untilNextUtcMidnight } from "./classify-error";
export { commentaryMaxLength, defaultLinkedInScopes, type LinkedInConfig } from "./config";
export { createLinkedInConnector, linkedInCapabilities } from "./connector";
export { escapeLittleText } from "./little-text";
export { imageProgressKey, videoProgressKey } from "./publish-media";
