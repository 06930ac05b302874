/** Migrates the template database once; see test-database.ts. */
import { createTemplate } from "./test-database";

export default async function setup(): Promise<void> {
  await createTemplate();
}
