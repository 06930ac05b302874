import { describe, expect, test } from "vitest";

import { prisma } from "@/lib/db";
import { checkWebhookSecret } from "@/lib/ingest/webhook-secret";

import { sessionOpen } from "./hms-events";
import { postWebhook } from "./route-client";

const day = "2026-03-02T";

describe("webhook secret header", () => {
  test("missing secret gets 401 and stores nothing", async () => {
    const body = sessionOpen("secret-missing", `${day}10:00:00Z`);
    const response = await postWebhook(body, { secret: false });
    expect(response.status).toBe(401);
    expect((await response.json()).error).toBe("Missing or invalid x-webhook-secret header");
    expect(await prisma.webhookEvent.count({ where: { id: body.id } })).toBe(0);
    expect(await prisma.session.count({ where: { id: "secret-missing" } })).toBe(0);
  });

  test("wrong secret gets 401 and stores nothing", async () => {
    const body = sessionOpen("secret-wrong", `${day}10:00:00Z`);
    const response = await postWebhook(body, { secret: false, headers: { "x-webhook-secret": "test-webhook-secret-0123456788" } });
    expect(response.status).toBe(401);
    expect(await prisma.webhookEvent.count({ where: { id: body.id } })).toBe(0);
  });

  test("right secret is accepted", async () => {
    const body = sessionOpen("secret-right", `${day}10:00:00Z`);
    const response = await postWebhook(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: body.id, outcome: "applied" });
    expect(await prisma.session.count({ where: { id: "secret-right" } })).toBe(1);
  });

  test("header name is configurable and matched case-insensitively", () => {
    const env = { WEBHOOK_SECRET: "s3cret-value-0123456789", WEBHOOK_SECRET_HEADER: "x-hms-token" };
    const request = (headers: Record<string, string>) => new Request("http://localhost/", { method: "POST", headers });
    expect(checkWebhookSecret(request({ "X-HMS-Token": "s3cret-value-0123456789" }), env)).toBe("accepted");
    expect(checkWebhookSecret(request({ "x-webhook-secret": "s3cret-value-0123456789" }), env)).toBe("missing");
    expect(checkWebhookSecret(request({ "x-hms-token": "s3cret-value-012345678" }), env)).toBe("wrong");
    expect(checkWebhookSecret(request({ "x-hms-token": "" }), env)).toBe("missing");
    expect(checkWebhookSecret(request({}), { WEBHOOK_SECRET: undefined, WEBHOOK_SECRET_HEADER: "x-hms-token" })).toBe("not-configured");
  });
});
