import { loadConfigOrExit } from "@postd/service-kit";
import { Config } from "./config";
import { startPublishService } from "./service";

const config = loadConfigOrExit(Config, { serviceName: "publish-service" });
const service = await startPublishService({ config });
service.runtime.shutdown.installSignalHandlers();
