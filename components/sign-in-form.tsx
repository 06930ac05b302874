"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";

/** Messages for next-auth's error codes; anything else gets the generic one. */
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  RateLimited: "Too many failed sign-in attempts. Wait 15 minutes and try again.",
};
const GENERIC = "Sign-in failed. Try again.";

export function SignInForm({ returnTo, initialEmail }: { returnTo: string; initialEmail?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (result?.ok && !result.error) {
        window.location.assign(returnTo);
        return;
      }
      setError(MESSAGES[result?.error ?? ""] ?? GENERIC);
    } catch {
      setError(GENERIC);
    }
    setPending(false);
  }

  return (
    <form className="stacked" onSubmit={submit} aria-label="Sign in">
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required defaultValue={initialEmail} autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
