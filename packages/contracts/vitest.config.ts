import { definePackageTests } from "../../vitest.shared";

export default definePackageTests("@postd/contracts");
