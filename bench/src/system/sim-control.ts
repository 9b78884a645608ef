/** The parts of platform-sim's control API (`/_sim`) the benchmarks use. */
export interface SimControl {
  configure(settings: { latencyMs: number; rateLimits: boolean; quotas: boolean }): Promise<void>;
  /** a `rate` fault answering `status` to that share of every platform's requests, until cleared */
  addErrorRate(input: { rate: number; status: number }): Promise<void>;
  clearFaults(): Promise<void>;
  /** the text of every post the platforms hold (deleted ones included) */
  postTexts(): Promise<string[]>;
}

export function simControl(simUrl: string): SimControl {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${simUrl}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`platform-sim ${method} ${path} answered ${response.status}`);
    return response.status === 204 ? null : ((await response.json()) as unknown);
  };
  return {
    async configure(settings) {
      await call("PUT", "/_sim/settings", settings);
    },
    async addErrorRate(input) {
      await call("POST", "/_sim/faults", {
        rate: input.rate,
        action: {
          type: "respond",
          status: input.status,
          body: { error: { message: "injected by the benchmark", type: "OAuthException", code: 2 } },
        },
      });
    },
    async clearFaults() {
      await call("DELETE", "/_sim/faults");
    },
    async postTexts() {
      const answer = (await call("GET", "/_sim/posts?includeDeleted=true")) as {
        data: Array<{ text: string }>;
      };
      return answer.data.map((post) => post.text);
    },
  };
}
