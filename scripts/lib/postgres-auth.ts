import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";

/** md5 password auth: "md5" + md5(md5(password + user) + salt). */
export function md5PasswordResponse(options: { user: string; password: string; salt: Buffer }): string {
  const inner = createHash("md5")
    .update(options.password + options.user)
    .digest("hex");
  return `md5${createHash("md5").update(inner).update(options.salt).digest("hex")}`;
}

const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest();

/**
 * One SCRAM-SHA-256 exchange (RFC 5802/7677), the default password auth of PostgreSQL 14+. PostgreSQL ignores
 * the user name inside SCRAM (it takes the startup one), so it goes empty unless a test vector needs it.
 */
export class ScramSession {
  readonly #clientFirstBare: string;
  #expectedServerSignature: Buffer | undefined;

  constructor(options: { nonce?: string; user?: string } = {}) {
    const nonce = options.nonce ?? randomBytes(18).toString("base64");
    this.#clientFirstBare = `n=${options.user ?? ""},r=${nonce}`;
  }

  /** gs2 header "n,," (no channel binding) and the bare first message. */
  clientFirstMessage(): string {
    return `n,,${this.#clientFirstBare}`;
  }

  clientFinalMessage(options: { serverFirst: string; password: string }): string {
    const attributes = new Map(
      options.serverFirst.split(",").map((part) => [part.slice(0, 1), part.slice(2)] as const),
    );
    const nonce = attributes.get("r");
    const salt = attributes.get("s");
    const iterations = Number(attributes.get("i"));
    const clientNonce = this.#clientFirstBare.slice(this.#clientFirstBare.indexOf(",r=") + 3);
    if (!nonce?.startsWith(clientNonce) || !salt || !Number.isInteger(iterations) || iterations < 1) {
      throw new Error("the server's SCRAM challenge is malformed");
    }
    const saltedPassword = pbkdf2Sync(
      options.password,
      Buffer.from(salt, "base64"),
      iterations,
      32,
      "sha256",
    );
    const clientKey = hmac(saltedPassword, "Client Key");
    const storedKey = createHash("sha256").update(clientKey).digest();
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.#clientFirstBare},${options.serverFirst},${withoutProof}`;
    const signature = hmac(storedKey, authMessage);
    const proof = Buffer.from(clientKey.map((byte, index) => byte ^ (signature[index] ?? 0)));
    this.#expectedServerSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
    return `${withoutProof},p=${proof.toString("base64")}`;
  }

  /** Whether the server proved it knows the password too (its final "v=" message). */
  verifyServerFinal(serverFinal: string): boolean {
    const expected = this.#expectedServerSignature;
    const received = Buffer.from(serverFinal.replace(/^v=/, "").split(",")[0] ?? "", "base64");
    return (
      expected !== undefined && expected.length === received.length && timingSafeEqual(expected, received)
    );
  }
}
