import { createServer } from "node:net";

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it). Another process could take it
 * before the caller binds it; in practice the kernel hands out ports round-robin, so that race is rare.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : undefined;
      server.close(() => {
        if (port) resolve(port);
        else reject(new Error("the kernel returned no port"));
      });
    });
  });
}
