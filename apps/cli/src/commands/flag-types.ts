/** A flag as the admin API shows it. */
export interface Flag {
  name: string;
  enabled: boolean;
  rolloutPercentage: number;
  tenants: { allow: string[]; deny: string[] };
}

export async function listFlags(
  call: <T>(request: { method: "GET"; path: string }) => Promise<T>,
): Promise<Flag[]> {
  const { data } = await call<{ data: Flag[] }>({ method: "GET", path: "/api/admin/flags" });
  return data;
}
