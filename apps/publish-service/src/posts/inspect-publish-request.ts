import { type AccountDetails, GetAccounts, PublishRequest } from "@postd/contracts";
import { integrationFlagName } from "@postd/flags";
import { zodProblems } from "@postd/service-kit";
import type { PublishContext } from "../context";

/** One problem with a publish request; `kind` decides the status it answers with. */
export interface RequestIssue {
  kind: "invalid" | "forbidden" | "unprocessable";
  accountId: string | null;
  path: string;
  message: string;
  /** the feature flag that refused it (`forbidden`) */
  flag?: string;
}

export type InspectedRequest =
  | { ok: true; request: PublishRequest; accounts: readonly AccountDetails[] }
  | { ok: false; issues: RequestIssue[] };

/**
 * Everything that can be known about a publish request before anything is written, all problems at once: its
 * shape, `scheduledAt` in the future, each account known and the tenant's (and named once), its platform
 * switched on for the tenant (`integration_<platform>`), its connection usable, and the post within the
 * platform's rules for that account (the connector's `validatePost`). TikTok's per-creator privacy options are
 * left to the worker, which asks TikTok at publish time (ADR 0015).
 */
export async function inspectPublishRequest(
  ctx: PublishContext,
  input: { tenantId: string; body: unknown },
): Promise<InspectedRequest> {
  const parsed = PublishRequest.safeParse(input.body);
  if (!parsed.success) {
    return {
      ok: false,
      issues: zodProblems(parsed.error).map((p) => ({ kind: "invalid", accountId: null, ...p })),
    };
  }
  const request = parsed.data;
  const issues: RequestIssue[] = [];
  if (request.scheduledAt !== undefined && Date.parse(request.scheduledAt) <= Date.now()) {
    issues.push({ kind: "invalid", accountId: null, path: "scheduledAt", message: "must be in the future" });
  }
  const ids = request.targets.map((target) => target.accountId);
  const { data } = await ctx.rpc.call(GetAccounts, {
    tenantId: input.tenantId,
    accountIds: [...new Set(ids)],
  });
  const known = new Map(data.map((account) => [account.id, account]));
  const accounts: AccountDetails[] = [];
  for (const [index, target] of request.targets.entries()) {
    const account = known.get(target.accountId);
    const found = checkTarget(ctx, {
      tenantId: input.tenantId,
      request,
      index,
      account,
      firstIndex: ids.indexOf(target.accountId),
    });
    issues.push(...found);
    if (account && found.length === 0) accounts.push(account);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, request, accounts };
}

function checkTarget(
  ctx: PublishContext,
  input: {
    tenantId: string;
    request: PublishRequest;
    index: number;
    firstIndex: number;
    account: AccountDetails | undefined;
  },
): RequestIssue[] {
  const { request, index, account } = input;
  const target = request.targets[index];
  if (!target) return [];
  const issue = (
    kind: RequestIssue["kind"],
    path: string,
    message: string,
    flag?: string,
  ): RequestIssue[] => [
    {
      kind,
      accountId: target.accountId,
      path: `targets.${index}.${path}`,
      message,
      ...(flag ? { flag } : {}),
    },
  ];
  if (input.firstIndex !== index) return issue("invalid", "accountId", "the same account is named twice");
  if (!account) return issue("invalid", "accountId", `unknown account ${target.accountId}`);
  const flag = integrationFlagName(account.platform);
  if (!ctx.flags.isEnabled(flag, input.tenantId)) {
    return issue(
      "forbidden",
      "accountId",
      `publishing to ${account.platform} is switched off (feature flag ${flag})`,
      flag,
    );
  }
  if (account.connectionStatus === "needs_reauth" || account.connectionStatus === "revoked") {
    return issue(
      "unprocessable",
      "accountId",
      `connection ${account.connectionId} is ${account.connectionStatus}: reconnect ${account.platform}`,
    );
  }
  if (!ctx.connectors.isConfigured(account.platform)) {
    return issue("unprocessable", "accountId", `${account.platform} is not configured on this deployment`);
  }
  const problems = ctx.connectors.get(account.platform).validatePost(
    { kind: account.kind },
    {
      reference: "validation",
      text: request.text,
      media: request.media,
      ...(request.link === undefined ? {} : { link: request.link }),
      ...(request.email === undefined ? {} : { email: request.email }),
      options: target.options,
    },
  );
  return problems.flatMap((problem) => issue("unprocessable", problem.path, problem.message));
}
