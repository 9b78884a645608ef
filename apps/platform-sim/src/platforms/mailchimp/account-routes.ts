import type { FastifyInstance } from "fastify";
import type { SimState } from "../../state/sim-state";
import { apiRoute, pageOf, pageProblem } from "./api-route";
import { projectFields } from "./fields";
import { mailchimpProblems, sendProblem } from "./problem";
import { accountView, listView } from "./views";
import type { MailchimpWorld } from "./world";

/** The API root, ping, and the audiences (`/lists`, paged with count/offset, projected with fields). */
export function registerAccountRoutes(app: FastifyInstance, state: SimState, world: MailchimpWorld): void {
  const context = { state, world };
  apiRoute(app, context, {
    method: "GET",
    path: "/",
    handler: ({ user, query }) => projectFields(accountView(user, world), query),
  });
  apiRoute(app, context, {
    method: "GET",
    path: "/ping",
    handler: () => ({ health_status: "Everything's Chimpy!" }),
  });
  apiRoute(app, context, {
    method: "GET",
    path: "/lists",
    handler: ({ user, query, reply }) => {
      const page = pageOf(query);
      if (!page) return sendProblem(reply, pageProblem());
      const lists = world.listsOf(user.userId);
      return projectFields(
        {
          lists: lists.slice(page.offset, page.offset + page.count).map((l) => listView(l, world)),
          total_items: lists.length,
          constraints: { may_create: true, max_instances: 5, current_total_instances: lists.length },
          _links: [],
        },
        query,
      );
    },
  });
  apiRoute(app, context, {
    method: "GET",
    path: "/lists/:listId",
    handler: ({ user, params, query, reply }) => {
      const list = world.list(params.listId ?? "");
      if (!list || list.userId !== user.userId) return sendProblem(reply, mailchimpProblems.notFound());
      return projectFields(listView(list, world), query);
    },
  });
}
