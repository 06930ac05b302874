import type { Metadata } from "next";

import { LiveView } from "@/components/live-view";
import { requireViewer } from "@/lib/auth/guards";
import { getLiveSnapshot } from "@/lib/live/snapshot";
import { viewerTimeZone } from "@/lib/time-zone";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Live" };

/** Ongoing sessions of the viewer's rooms, updated in the browser every few seconds. */
export default async function LivePage() {
  const viewer = await requireViewer("/live");
  const timeZone = viewerTimeZone(viewer);
  const snapshot = await getLiveSnapshot(viewer);

  return (
    <>
      <h1>Live</h1>
      <p className="muted">
        Times in {timeZone}. Presence counts up every second while a person is connected; joins and leaves appear within a few seconds.
      </p>
      <LiveView initial={snapshot} timeZone={timeZone} />
    </>
  );
}
