import { randomToken } from "../../src/index";
import type { ChaosSystem } from "./chaos-system";
import type { Destination } from "./connect-accounts";
import type { Answer } from "./http";

export interface AcceptedBody {
  postId: string;
  status: string;
  targets: Array<{ id: string; accountId: string; platform: string; status: string }>;
}

/** One `POST /api/publish` of the load: what was sent, and the last answer to it. */
export interface SentRequest {
  key: string;
  text: string;
  body: Record<string, unknown>;
  destinations: Destination[];
  sentAt: number;
  /** every answer, in order (a refused request may be sent again with the same key) */
  answers: Answer[];
}

export interface LoadOptions {
  chaos: Pick<ChaosSystem, "api">;
  destinations: readonly Destination[];
  /** a word in every post's text, so this run's posts can be told apart on the sim */
  label: string;
  /** one request every intervalMs (default 50) */
  intervalMs?: number;
  /** requests answered slower than this count as hung (default 15 s) */
  timeoutMs?: number;
  /** at most this many requests in flight: the load does not pile up behind an outage (default 16) */
  maxInFlight?: number;
  /** the options every target of this platform gets (TikTok's privacy level) */
  optionsFor?: (destination: Destination) => Record<string, unknown>;
  /** media every post carries (TikTok needs a video) */
  media?: Array<{ url: string; type: "image" | "video" }>;
  /** how many targets a post has: 2 or 3 (default) */
  targetsPerPost?: readonly number[];
}

export interface LoadGenerator {
  readonly sent: readonly SentRequest[];
  start(): void;
  /** stops sending and waits for the answers still in flight */
  stop(): Promise<void>;
  /** requests whose last answer was 202 */
  accepted(): Array<SentRequest & { post: AcceptedBody }>;
  /** requests whose last answer was not 202 */
  refused(): SentRequest[];
  /** how many answers had each status (0: no answer) */
  statusCounts(): Record<string, number>;
  /** sends every refused request again with its own key and body; answers how many were accepted now */
  resendRefused(): Promise<number>;
}

function pickDistinct<T>(items: readonly T[], count: number): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) {
    const [item] = pool.splice(Math.floor(Math.random() * pool.length), 1);
    if (item !== undefined) picked.push(item);
  }
  return picked;
}

/** Mailchimp's email block is refused by Business Profile targets: one post never goes to both. */
function pickCompatible(destinations: readonly Destination[], count: number): Destination[] {
  const picked = pickDistinct(destinations, count);
  if (!picked.some((d) => d.platform === "mailchimp")) return picked;
  return picked
    .filter((d) => d.platform !== "gbp")
    .concat(
      pickDistinct(
        destinations.filter((d) => d.platform !== "gbp" && d.platform !== "mailchimp" && !picked.includes(d)),
        picked.filter((d) => d.platform === "gbp").length,
      ),
    );
}

/**
 * Steady publishing load through the gateway: every `intervalMs` a post to 2–3 random destinations with a
 * unique text and Idempotency-Key, like a frontend would send. It remembers every request and answer.
 */
export function createLoad(options: LoadOptions): LoadGenerator {
  const sent: SentRequest[] = [];
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let sequence = 0;

  const send = (request: SentRequest) => {
    const running = options.chaos
      .api("POST", "/api/publish", {
        body: request.body,
        headers: { "idempotency-key": request.key },
        timeoutMs: options.timeoutMs ?? 15_000,
      })
      .then((answer) => {
        request.answers.push(answer);
      });
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
    return running;
  };

  const tick = () => {
    if (inFlight.size >= (options.maxInFlight ?? 16)) return;
    const sizes = options.targetsPerPost ?? [2, 3];
    const size = sizes[Math.floor(Math.random() * sizes.length)] ?? 2;
    const destinations = pickCompatible(options.destinations, size);
    const text = `chaos ${options.label} ${++sequence} ${randomToken()}`;
    const body: Record<string, unknown> = {
      targets: destinations.map((d) => ({ accountId: d.accountId, options: options.optionsFor?.(d) ?? {} })),
      text,
      ...(options.media ? { media: options.media } : {}),
      ...(destinations.some((d) => d.platform === "mailchimp")
        ? {
            email: {
              subject: text,
              fromName: "Chaos Bakery",
              replyTo: "chaos@bakery.test",
              html: `<p>${text}</p>`,
            },
          }
        : {}),
    };
    const request: SentRequest = {
      key: `chaos-${randomToken({ length: 16 })}`,
      text,
      body,
      destinations,
      sentAt: Date.now(),
      answers: [],
    };
    sent.push(request);
    void send(request);
  };

  const lastStatus = (request: SentRequest) => request.answers.at(-1)?.status;

  return {
    sent,
    start() {
      timer ??= setInterval(tick, options.intervalMs ?? 50);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    accepted: () =>
      sent
        .filter((request) => lastStatus(request) === 202)
        .map((request) => ({ ...request, post: request.answers.at(-1)?.body as AcceptedBody })),
    refused: () => sent.filter((request) => lastStatus(request) !== 202),
    statusCounts() {
      const counts: Record<string, number> = {};
      for (const request of sent) {
        for (const answer of request.answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1;
      }
      return counts;
    },
    async resendRefused() {
      const refused = sent.filter((request) => lastStatus(request) !== 202);
      for (const request of refused) await send(request);
      return refused.filter((request) => lastStatus(request) === 202).length;
    },
  };
}
