import { loadConfigOrExit } from "@postd/service-kit";
import { Config } from "./config";
import { startOAuthService } from "./service";

const config = loadConfigOrExit(Config, { serviceName: "oauth-service" });
const service = await startOAuthService({ config });
service.runtime.shutdown.installSignalHandlers();
