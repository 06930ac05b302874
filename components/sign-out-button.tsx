"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button
      type="button"
      className="link-button"
      onClick={async () => {
        await signOut({ redirect: false });
        window.location.assign("/sign-in");
      }}
    >
      Sign out
    </button>
  );
}
