import type { ChildProcess } from "node:child_process";

export interface WaitForOutputOptions {
  readonly timeoutMs: number;
  /** settles when the process ends: the wait then fails at once instead of running into its timeout */
  readonly exited?: Promise<unknown>;
}

/** Collects a child's stdout and stderr as text, in arrival order, and lets callers wait for a pattern. */
export class OutputBuffer {
  #text = "";
  readonly #limit: number;
  readonly #listeners = new Set<() => void>();

  constructor(options: { limit?: number } = {}) {
    this.#limit = options.limit ?? 1_000_000;
  }

  attach(child: ChildProcess): void {
    child.stdout?.on("data", (chunk: Buffer) => this.append(chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => this.append(chunk.toString("utf8")));
  }

  append(text: string): void {
    this.#text += text;
    if (this.#text.length > this.#limit) this.#text = this.#text.slice(-this.#limit);
    for (const listener of this.#listeners) listener();
  }

  text(): string {
    return this.#text;
  }

  /** The last lines, for error messages. */
  tail(options: { lines: number } = { lines: 30 }): string {
    return this.#text.trimEnd().split("\n").slice(-options.lines).join("\n");
  }

  waitFor(pattern: RegExp, options: WaitForOutputOptions): Promise<RegExpMatchArray> {
    const found = this.#text.match(pattern);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
        outcome();
      };
      const listener = () => {
        const match = this.#text.match(pattern);
        if (match) finish(() => resolve(match));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no output matched ${pattern} within ${options.timeoutMs} ms`))),
        options.timeoutMs,
      );
      this.#listeners.add(listener);
      options.exited?.then(
        () => finish(() => reject(new Error(`the process ended before its output matched ${pattern}`))),
        () => {},
      );
    });
  }
}
