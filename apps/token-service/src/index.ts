export { Config } from "./config";
export {
  type StartTokenServiceOptions,
  serviceVersion,
  startTokenService,
  type TokenService,
} from "./service";
