import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const formatPrefix = "v1.";
const nonceBytes = 12;
const tagBytes = 16;

/** The AES-256-GCM key for PKCE verifiers, derived once from `OAUTH_SESSION_SECRET` (HKDF-SHA256). */
export interface VerifierKey {
  readonly key: Buffer;
}

export function deriveVerifierKey(secret: string): VerifierKey {
  const key = Buffer.from(
    hkdfSync(
      "sha256",
      Buffer.from(secret, "utf8"),
      "postd/oauth-service/salt",
      "postd/oauth/pkce-verifier/v1",
      32,
    ),
  );
  return Object.freeze({ key });
}

export interface VerifierBinding {
  sessionId: string;
  tenantId: string;
}

/** The verifier is bound to its session and tenant: a ciphertext copied to another row does not open. */
function additionalData(binding: VerifierBinding): Buffer {
  const { sessionId, tenantId } = binding;
  return Buffer.from(`oauth-pkce.v1.${sessionId.length}.${sessionId}.${tenantId.length}.${tenantId}`, "utf8");
}

/** `v1.` + base64url(nonce 12 | ciphertext | tag 16), AES-256-GCM with a fresh random nonce. */
export function encryptVerifier(key: VerifierKey, binding: VerifierBinding, verifier: string): string {
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv("aes-256-gcm", key.key, nonce);
  cipher.setAAD(additionalData(binding));
  const body = Buffer.concat([cipher.update(verifier, "utf8"), cipher.final()]);
  return formatPrefix + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString("base64url");
}

export class VerifierDecryptError extends Error {
  constructor(options: { cause?: unknown } = {}) {
    super("the stored PKCE verifier does not decrypt (wrong secret, altered, or another session's)", options);
    this.name = "VerifierDecryptError";
  }
}

/** The verifier, whole, or a VerifierDecryptError (never partial plaintext). */
export function decryptVerifier(key: VerifierKey, binding: VerifierBinding, stored: string): string {
  if (!stored.startsWith(formatPrefix)) throw new VerifierDecryptError();
  const bytes = Buffer.from(stored.slice(formatPrefix.length), "base64url");
  if (bytes.length <= nonceBytes + tagBytes) throw new VerifierDecryptError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, bytes.subarray(0, nonceBytes), {
      authTagLength: tagBytes,
    });
    decipher.setAAD(additionalData(binding));
    decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(nonceBytes, bytes.length - tagBytes)),
      decipher.final(),
    ]);
    return plain.toString("utf8");
  } catch (error) {
    throw new VerifierDecryptError({ cause: error });
  }
}
