/** The people, Pages and Instagram accounts the emulated Meta knows after every reset. */
export interface SeedUser {
  id: string;
  name: string;
  pageIds: string[];
}

export interface SeedPage {
  id: string;
  name: string;
  username: string | null;
  category: string;
  /** what the user may do on the Page; publishing needs CREATE_CONTENT */
  tasks: string[];
  instagramId: string | null;
}

export interface SeedInstagram {
  id: string;
  username: string;
  name: string;
  pageId: string;
}

export interface MetaSeed {
  users: SeedUser[];
  pages: SeedPage[];
  instagram: SeedInstagram[];
}

const allTasks = ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"];

/**
 * Two users. The first administers four Pages (enough to page through `/me/accounts` with a small `limit`), two
 * of them with an Instagram professional account, and one where she may only read insights. The second has one
 * Page with Instagram.
 */
export function metaSeed(): MetaSeed {
  return {
    users: [
      {
        id: "100000000000001",
        name: "Ada Lovelace",
        pageIds: ["200000000000001", "200000000000002", "200000000000003", "200000000000004"],
      },
      { id: "100000000000002", name: "Grace Hopper", pageIds: ["200000000000010"] },
    ],
    pages: [
      page("200000000000001", "Ada's Bakery", "adasbakery", "Bakery", allTasks, "17841400000000001"),
      page("200000000000002", "Ada's Books", null, "Book Store", allTasks, null),
      page("200000000000003", "Ada Travels", "adatravels", "Travel Company", allTasks, "17841400000000002"),
      page("200000000000004", "Ada Analytics", null, "Consulting Agency", ["ANALYZE"], null),
      page(
        "200000000000010",
        "Grace Consulting",
        "graceconsulting",
        "Consulting Agency",
        allTasks,
        "17841400000000010",
      ),
    ],
    instagram: [
      { id: "17841400000000001", username: "ada.bakery", name: "Ada's Bakery", pageId: "200000000000001" },
      { id: "17841400000000002", username: "ada.travels", name: "Ada Travels", pageId: "200000000000003" },
      { id: "17841400000000010", username: "grace.consulting", name: "Grace C.", pageId: "200000000000010" },
    ],
  };
}

function page(
  id: string,
  name: string,
  username: string | null,
  category: string,
  tasks: string[],
  instagramId: string | null,
): SeedPage {
  return { id, name, username, category, tasks, instagramId };
}
