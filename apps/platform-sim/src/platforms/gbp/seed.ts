/** A seeded Google user; `sub` is the OIDC subject. */
export interface GbpUser {
  sub: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
}

export interface GbpLocation {
  /** the numeric id behind `locations/{id}` */
  id: string;
  title: string;
  storefrontAddress: { regionCode: string; postalCode: string; locality: string; addressLines: string[] };
  placeId: string;
  mapsUri: string;
  /** the Maps customer id, as in `searchUrl` */
  cid: string;
}

export interface GbpAccount {
  /** the numeric id behind `accounts/{id}` */
  id: string;
  accountName: string;
  type: "PERSONAL" | "LOCATION_GROUP" | "USER_GROUP" | "ORGANIZATION";
  /** the users who manage it, with their role */
  members: Array<{ sub: string; role: "PRIMARY_OWNER" | "OWNER" | "MANAGER" | "SITE_MANAGER" }>;
  /** ids of the locations listed under it */
  locationIds: string[];
}

const location = (id: string, title: string, locality: string, street: string): GbpLocation => ({
  id,
  title,
  storefrontAddress: { regionCode: "US", postalCode: "10001", locality, addressLines: [street] },
  placeId: `ChIJsim${id.slice(-6)}`,
  mapsUri: `https://maps.google.com/maps?cid=${BigInt(id) * 7n}`,
  cid: String(BigInt(id) * 7n),
});

const users: GbpUser[] = [
  {
    sub: "108740563219832190001",
    name: "Grace Hopper",
    givenName: "Grace",
    familyName: "Hopper",
    email: "grace@example.test",
  },
  {
    sub: "108740563219832190002",
    name: "Alan Turing",
    givenName: "Alan",
    familyName: "Turing",
    email: "alan@example.test",
  },
  {
    sub: "108740563219832190003",
    name: "Nadia Nobody",
    givenName: "Nadia",
    familyName: "Nobody",
    email: "nadia@example.test",
  },
];

const locations: GbpLocation[] = [
  location("4130000000000000001", "Hopper Bakery — Harbour Street", "New York", "1 Harbour Street"),
  location("4130000000000000002", "Hopper Bakery — Mill Lane", "New York", "22 Mill Lane"),
  location("4130000000000000003", "Hopper Books", "Brooklyn", "5 Reading Road"),
  location("4130000000000000004", "Hopper Coffee — Pier 4", "Jersey City", "4 Pier Walk"),
  location("4130000000000000005", "Hopper Coffee — Station", "Jersey City", "9 Station Square"),
  location("4130000000000000006", "Hopper Coffee — Campus", "Hoboken", "100 College Ave"),
  location("4130000000000000007", "Turing Machines Repair", "Manchester", "7 Enigma Way"),
];

const accounts: GbpAccount[] = [
  {
    id: "1100000000000000001",
    accountName: "Grace Hopper",
    type: "PERSONAL",
    members: [{ sub: "108740563219832190001", role: "PRIMARY_OWNER" }],
    locationIds: ["4130000000000000001", "4130000000000000002", "4130000000000000003"],
  },
  {
    id: "1100000000000000002",
    accountName: "Hopper Coffee Group",
    type: "LOCATION_GROUP",
    members: [{ sub: "108740563219832190001", role: "OWNER" }],
    locationIds: ["4130000000000000004", "4130000000000000005", "4130000000000000006", "4130000000000000001"],
  },
  {
    id: "2200000000000000001",
    accountName: "Alan Turing",
    type: "PERSONAL",
    members: [{ sub: "108740563219832190002", role: "PRIMARY_OWNER" }],
    locationIds: ["4130000000000000007"],
  },
];

/**
 * Grace manages two accounts: her personal one (3 locations) and a location group (4 locations, one of which,
 * Harbour Street, is also listed under her personal account). Alan has one personal account with one location.
 * Nadia has consented but manages nothing.
 */
export function seedGbp() {
  return structuredClone({ users, locations, accounts });
}

export type GbpSeed = ReturnType<typeof seedGbp>;
