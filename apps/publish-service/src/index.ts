export { Config, type PublishRole } from "./config";
export { type PublishService, type StartPublishServiceOptions, startPublishService } from "./service";
