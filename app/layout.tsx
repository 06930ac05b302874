import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

import { SignOutButton } from "@/components/sign-out-button";
import { TimeZoneDetector } from "@/components/time-zone-detector";
import { currentViewer } from "@/lib/auth/guards";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Rollcall", template: "%s · Rollcall" },
  description: "Attendance of live video sessions held on 100ms",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The header only reflects who is signed in; each page checks access itself.
  const viewer = await currentViewer();
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/sessions" className="brand">
            Rollcall
          </Link>
          {viewer && (
            <>
              <nav aria-label="Main">
                <Link href="/live">Live</Link>
                <Link href="/sessions">Sessions</Link>
                <Link href="/rooms">Rooms</Link>
                <Link href="/account">Account</Link>
                {viewer.role === "admin" && <Link href="/admin/users">Users</Link>}
              </nav>
              <span className="account" data-testid="signed-in-as">
                {viewer.email} ({viewer.role}) <SignOutButton />
              </span>
              {viewer.timeZone === null && <TimeZoneDetector />}
            </>
          )}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
