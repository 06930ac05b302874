/**
 * Gives each test file its own database, copied from the migrated template,
 * before any module reads DATABASE_URL.
 */
import { createTestDatabase } from "./test-database";

process.env.DATABASE_URL = await createTestDatabase();
process.env.LOG_LEVEL ??= "silent";
