import { loadConfigOrExit } from "@postd/service-kit";
import { Config } from "./config";
import { startHealthService } from "./service";

const config = loadConfigOrExit(Config, { serviceName: "health-service" });
const service = await startHealthService({ config });
service.runtime.shutdown.installSignalHandlers();
