import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./migrations",
  casing: "snake_case",
  schemaFilter: ["publish"],
  migrations: { schema: "publish", table: "__migrations" },
});
