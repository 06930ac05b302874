/** Sign-in and webhook settings of the Playwright test server (playwright.config.ts passes them as env). */
export const E2E_ADMIN = { email: "admin@rollcall.test", password: "e2e admin password" };
export const E2E_WEBHOOK_SECRET = "e2e-webhook-secret-0123456789";
export const E2E_NEXTAUTH_SECRET = "e2e-nextauth-secret-0123456789abcdefghij";
