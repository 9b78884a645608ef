export { classifyGraphError, kindOfGraphError } from "./classify-error";
export { defaultMetaScopes, type MetaConfig, publishingPermissions } from "./config";
export { createMetaConnector, metaCapabilities } from "./connector";
export { type InstagramFormat, instagramFormats } from "./post-shape";
export { progressKeys as metaProgressKeys } from "./progress";
export { metaLimits } from "./validate-post";
