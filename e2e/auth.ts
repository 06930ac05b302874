/** Sign-in and webhook helpers of the Playwright suite. */
import { expect, type APIRequestContext, type Page } from "@playwright/test";

import { E2E_ADMIN, E2E_WEBHOOK_SECRET } from "./settings";

export { E2E_ADMIN };

/** Signs in through the sign-in form and waits for the session list. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(email);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** Posts webhook bodies with the configured secret and fails on any status but 200. */
export async function postWebhooks(request: APIRequestContext, bodies: readonly { id: string; type: string }[]): Promise<void> {
  for (const body of bodies) {
    const response = await request.post("/api/webhooks/100ms", { data: body, headers: { "x-webhook-secret": E2E_WEBHOOK_SECRET } });
    expect(response.status(), `${body.type} ${body.id}`).toBe(200);
  }
}
