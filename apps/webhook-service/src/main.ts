import { loadConfigOrExit } from "@postd/service-kit";
import { Config } from "./config";
import { startWebhookService } from "./service";

const config = loadConfigOrExit(Config, { serviceName: "webhook-service" });
const service = await startWebhookService({ config });
service.runtime.shutdown.installSignalHandlers();
