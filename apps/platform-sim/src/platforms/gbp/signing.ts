import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";

/** The emulated Google signing keys: two RSA keys, like Google's JWKS; the first signs. */
export interface SigningKeys {
  keys: Array<{ kid: string; privateKey: KeyObject; jwk: Record<string, string> }>;
}

export function createSigningKeys(): SigningKeys {
  const keys = ["sim-gbp-key-1", "sim-gbp-key-2"].map((kid) => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const exported = publicKey.export({ format: "jwk" });
    return {
      kid,
      privateKey,
      jwk: { kty: "RSA", alg: "RS256", use: "sig", kid, n: String(exported.n), e: String(exported.e) },
    };
  });
  return { keys };
}

/** An RS256 JWT over `claims`, signed by the first key (`kid` in the header). */
export function signJwt(keys: SigningKeys, claims: Record<string, unknown>): string {
  const [key] = keys.keys;
  if (!key) throw new Error("no signing key");
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
  const input = `${encode({ alg: "RS256", kid: key.kid, typ: "JWT" })}.${encode(claims)}`;
  return `${input}.${sign("RSA-SHA256", Buffer.from(input, "ascii"), key.privateKey).toString("base64url")}`;
}
