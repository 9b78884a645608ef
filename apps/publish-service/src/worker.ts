import { loadConfigOrExit } from "@postd/service-kit";
import { Config } from "./config";
import { startPublishService } from "./service";

// The worker role on its own (PUBLISH_ROLE is ignored): scale publishing by running more of these.
const config = loadConfigOrExit(Config, { serviceName: "publish-service" });
const service = await startPublishService({ config, role: "worker" });
service.runtime.shutdown.installSignalHandlers();
