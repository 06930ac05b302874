/**
 * Gives each test file its own database, copied from the migrated template,
 * before any module reads DATABASE_URL.
 */
import { createTestDatabase } from "./test-database";

process.env.DATABASE_URL = await createTestDatabase();
process.env.LOG_LEVEL ??= "silent";

// Route tests send this secret; tests of a missing or wrong secret override the header.
process.env.WEBHOOK_SECRET ??= "test-webhook-secret-0123456789";
process.env.NEXTAUTH_SECRET ??= "test-nextauth-secret-0123456789abcdef";
