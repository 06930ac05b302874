import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Rollcall", template: "%s · Rollcall" },
  description: "Attendance of live video sessions held on 100ms",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/sessions" className="brand">
            Rollcall
          </Link>
          <nav aria-label="Main">
            <Link href="/sessions">Sessions</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
