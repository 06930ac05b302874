import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { SignInForm } from "@/components/sign-in-form";
import { currentViewer } from "@/lib/auth/guards";
import { safeReturnPath } from "@/lib/auth/return-path";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

/** Public: the sign-in form. A signed-in visitor goes straight on to the return path. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
  if (await currentViewer()) redirect(returnTo);
  const email = typeof params.email === "string" ? params.email : undefined;

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <p className="muted">Sign in with the email and password your Rollcall admin gave you.</p>
      <SignInForm returnTo={returnTo} initialEmail={email} />
    </section>
  );
}
