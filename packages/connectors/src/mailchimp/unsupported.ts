import { UnsupportedOperationError } from "../core/index";

/** Mailchimp tokens do not expire and come without a refresh token. */
export function refreshMailchimpToken(): Promise<never> {
  return Promise.reject(
    new UnsupportedOperationError(
      "mailchimp",
      "refreshToken",
      "Mailchimp access tokens never expire and no refresh token is issued",
    ),
  );
}

/**
 * Mailchimp documents no token revocation endpoint: disconnecting only deletes our copy of the token. The user
 * removes the app in their Mailchimp account settings.
 */
export function revokeMailchimp(): Promise<never> {
  return Promise.reject(
    new UnsupportedOperationError(
      "mailchimp",
      "revoke",
      "Mailchimp has no documented revoke endpoint; disconnecting deletes only our copy of the token",
    ),
  );
}
