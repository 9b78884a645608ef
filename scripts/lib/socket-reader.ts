import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import type { Endpoint } from "./local-config";

/** Reads one value off the front of the bytes received so far, or says it needs more. */
export type Parse<T> = (buffer: Buffer) => { value: T; size: number } | undefined;

/** Collects what a socket receives and hands it out value by value, so a protocol reads like a dialogue. */
export class SocketReader {
  #buffer = Buffer.alloc(0);
  #failure: Error | undefined;
  #wake: (() => void) | undefined;

  constructor(socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on("error", (error) => this.#fail(error));
    socket.on("close", () => this.#fail(new Error("the server closed the connection")));
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#wake?.();
  }

  async read<T>(parse: Parse<T>): Promise<T> {
    for (;;) {
      const parsed = parse(this.#buffer);
      if (parsed) {
        this.#buffer = this.#buffer.subarray(parsed.size);
        return parsed.value;
      }
      if (this.#failure) throw this.#failure;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}

/** Connects (TLS when asked); every step after it must finish within `timeoutMs` of silence. */
export function openSocket(options: Endpoint & { tls?: boolean; timeoutMs: number }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = options.tls
      ? connectTls({ host: options.host, port: options.port, servername: options.host })
      : connectTcp({ host: options.host, port: options.port });
    socket.setTimeout(options.timeoutMs, () =>
      socket.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
    );
    socket.once(options.tls ? "secureConnect" : "connect", () => resolve(socket));
    socket.once("error", reject);
  });
}
