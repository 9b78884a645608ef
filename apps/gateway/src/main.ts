import { loadConfigOrExit } from "@postd/service-kit";
import { Config } from "./config";
import { startGateway } from "./service";

const config = loadConfigOrExit(Config, { serviceName: "gateway" });
const { runtime } = await startGateway({ config });
runtime.shutdown.installSignalHandlers();
