import { UnsupportedOperationError } from "../core/index";

/**
 * The authorization-code flow has no token revocation endpoint in the reference: a member removes the app under
 * Settings → Data privacy → Permitted services, and the token then answers 401 REVOKED_ACCESS_TOKEN.
 */
export function revokeLinkedIn(): Promise<void> {
  return Promise.reject(
    new UnsupportedOperationError(
      "linkedin",
      "revoke",
      "LinkedIn offers no token revocation endpoint for this flow; the member removes the app in their LinkedIn settings",
    ),
  );
}
