/**
 * Where the canary lives: one text value per deployment (token-service: a one-row table). The canary proves at
 * start-up that the configured master key is the one the stored data was written under.
 */
export interface CanaryStore {
  readCanary(): Promise<string | undefined>;
  /**
   * Compare-and-set: writes `next` only if the stored canary still equals `expected` (`undefined`: none stored,
   * i.e. insert if absent). Returns whether it wrote.
   */
  writeCanary(input: { expected: string | undefined; next: string }): Promise<boolean>;
}

export class InMemoryCanaryStore implements CanaryStore {
  private canary: string | undefined;

  constructor(options: { canary?: string } = {}) {
    this.canary = options.canary;
  }

  async readCanary(): Promise<string | undefined> {
    return this.canary;
  }

  async writeCanary(input: { expected: string | undefined; next: string }): Promise<boolean> {
    if (this.canary !== input.expected) return false;
    this.canary = input.next;
    return true;
  }
}
