/** The record a secret's AAD names: the account for an account-level token, else the connection. */
export function secretRecordId(row: { connectionId: string; accountId: string | null }): string {
  return row.accountId ?? row.connectionId;
}
