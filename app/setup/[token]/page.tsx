import type { Metadata } from "next";
import Link from "next/link";

import { ActionForm } from "@/components/action-form";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { findValidSetupToken } from "@/lib/auth/setup-tokens";

import { completeSetupAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up", referrer: "no-referrer" };

/** Public: a one-time link that creates the first admin or sets an invited user's password. */
export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await findValidSetupToken(token);
  if (!found) {
    return (
      <section className="narrow">
        <h1>Link not valid</h1>
        <p>This link is invalid, expired or already used. Ask an admin for a new one, or <Link href="/sign-in">sign in</Link>.</p>
      </section>
    );
  }

  const firstAdmin = found.purpose === "first-admin";
  return (
    <section className="narrow">
      <h1>{firstAdmin ? "Create the first admin" : "Set your password"}</h1>
      <p className="muted">
        {firstAdmin
          ? "No user exists yet. The account you create here is an admin, who can add teachers and assign rooms."
          : `You were invited to Rollcall as ${found.user?.email}. Choose a password to finish.`}
      </p>
      <ActionForm action={completeSetupAction} className="stacked" label={firstAdmin ? "Create admin" : "Set password"}>
        <input type="hidden" name="token" value={token} />
        {firstAdmin && (
          <>
            <label>
              Name
              <input name="name" required maxLength={200} autoComplete="name" />
            </label>
            <label>
              Email
              <input name="email" type="email" required autoComplete="username" />
            </label>
          </>
        )}
        <label>
          Password (at least {MIN_PASSWORD_LENGTH} characters)
          <input name="password" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" />
        </label>
        <label>
          Repeat password
          <input name="passwordRepeat" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" />
        </label>
        <button type="submit">{firstAdmin ? "Create admin" : "Set password"}</button>
      </ActionForm>
    </section>
  );
}
