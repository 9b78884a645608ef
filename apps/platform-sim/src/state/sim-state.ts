import type { Platform } from "@postd/contracts";
import { CallCounter } from "./call-counter";
import { CodeStore } from "./code-store";
import { FaultStore } from "./fault-store";
import { PostStore } from "./post-store";
import { ConcurrencyLimiter, SlidingWindowLimiter } from "./rate-limiter";
import { defaultApps, type SimApp, SimSettings } from "./settings";
import { TokenStore } from "./token-store";

/** Everything the emulator remembers; platform modules keep their own extra state beside it. */
export class SimState {
  readonly tokens: TokenStore;
  readonly codes: CodeStore;
  readonly posts = new PostStore();
  readonly calls = new CallCounter();
  readonly faults: FaultStore;
  readonly windows: SlidingWindowLimiter;
  readonly concurrency = new ConcurrencyLimiter();
  readonly apps: Record<Platform, SimApp>;
  settings: SimSettings = SimSettings.parse({});

  constructor(
    readonly now: () => number = Date.now,
    options: { env?: Record<string, string | undefined>; random?: () => number } = {},
  ) {
    const tokenPrefix = () => this.settings.tokenPrefix;
    this.tokens = new TokenStore(now, tokenPrefix);
    this.codes = new CodeStore(now, tokenPrefix);
    this.faults = new FaultStore(options.random);
    this.windows = new SlidingWindowLimiter(now);
    this.apps = defaultApps(options.env);
  }

  /** Forgets everything but the app credentials; platform modules reseed their accounts. */
  reset(): void {
    this.tokens.clear();
    this.codes.clear();
    this.posts.clear();
    this.calls.clear();
    this.faults.clear();
    this.windows.clear();
    this.concurrency.clear();
    this.settings = SimSettings.parse({});
  }
}
