export { Config } from "./config";
export { type OAuthService, type StartOAuthServiceOptions, startOAuthService } from "./service";
