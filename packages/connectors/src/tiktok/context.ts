import type { ConnectorDeps } from "../core/index";
import type { TikTokConfig } from "./config";
import type { TikTokApi } from "./tiktok-api";

/** What every TikTok verb is handed: the app config, the shared deps and the enveloped API client. */
export interface TikTokContext {
  config: TikTokConfig;
  deps: ConnectorDeps;
  api: TikTokApi;
}
