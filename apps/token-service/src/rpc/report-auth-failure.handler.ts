import { ReportAuthFailure } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { reportAuthFailure } from "../connections/report-auth-failure";
import { type ContextFor, measured } from "./rpc-support";

export function handleReportAuthFailure(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(ReportAuthFailure, (request, { logger }) =>
    measured(ReportAuthFailure, () => reportAuthFailure(contextFor(logger), request)),
  );
}
