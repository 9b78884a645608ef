import { loadConfigOrExit } from "@postd/service-kit";
import { Config } from "./config";
import { startTokenService } from "./service";

const config = loadConfigOrExit(Config, { serviceName: "token-service" });
const service = await startTokenService({ config });
service.runtime.shutdown.installSignalHandlers();
