export { Config } from "./config";
export { type HealthService, type StartHealthServiceOptions, startHealthService } from "./service";
