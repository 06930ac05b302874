"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

import { adoptBrowserTimeZoneAction } from "@/app/account/actions";

/** Stores the browser's time zone on the account of a user who has not chosen one, then re-renders the page in it. */
export function TimeZoneDetector() {
  const router = useRouter();
  useEffect(() => {
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!timeZone) return;
    adoptBrowserTimeZoneAction(timeZone)
      .then((stored) => {
        if (stored) router.refresh();
      })
      .catch(() => {
        // The account page still lets the user choose; the default zone stays meanwhile.
      });
  }, [router]);
  return null;
}
