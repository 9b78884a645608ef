import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@postd/testing";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's chromium (`pnpm setup:browser` installs it); Playwright's own browser downloads are never used. */
export const chromiumPath = "/usr/bin/chromium";

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Fails (never skips) when chromium is missing, saying how to install it. */
export function assertChromiumInstalled(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: the browser test needs Debian's chromium. Run \`pnpm setup:browser\` ` +
        "(scripts/install-browser.sh: apt-get install chromium) and run the test again.",
    );
  }
}

/** Headless chromium with a fresh profile directory of its own, deleted on close. */
export async function launchChromium(): Promise<Browser> {
  assertChromiumInstalled();
  const userDataDir = await mkdtemp(join(tmpdir(), "postd-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface ReturnPage {
  /** the origin to allow-list (`OAUTH_RETURN_TO_ALLOWLIST`) */
  origin: string;
  /** every URL the browser landed on */
  visits: URL[];
  close(): Promise<void>;
}

/**
 * The frontend's page the browser returns to after connecting: a small HTTP server on a free loopback port that
 * shows the status it was given and remembers each visit.
 */
export async function startReturnPage(): Promise<ReturnPage> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const visits: URL[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", origin);
    if (url.pathname === "/favicon.ico") {
      response.writeHead(404).end();
      return;
    }
    visits.push(url);
    const status = url.searchParams.get("status") ?? "none";
    response
      .writeHead(200, { "content-type": "text/html; charset=utf-8" })
      .end(`<!doctype html><title>POSTD</title><h1 id="status">${status.replace(/[^a-z_]/g, "")}</h1>`);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    origin,
    visits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
