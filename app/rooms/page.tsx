import type { Metadata } from "next";
import Link from "next/link";

import { requireViewer } from "@/lib/auth/guards";
import { listRoomSummaries } from "@/lib/rooms/queries";
import { formatInstant } from "@/lib/time-format";
import { viewerTimeZone } from "@/lib/time-zone";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Rooms" };

export default async function RoomsPage() {
  const viewer = await requireViewer("/rooms");
  const timeZone = viewerTimeZone(viewer);
  const rooms = await listRoomSummaries(viewer);

  return (
    <>
      <h1>Rooms</h1>
      <p className="muted">Times in {timeZone}.</p>
      {rooms.length === 0 ? (
        <p>
          {viewer.role === "teacher"
            ? "No rooms are assigned to you yet. Ask an admin to assign your rooms."
            : "No rooms yet. Rooms appear when 100ms sends their first webhook event."}
        </p>
      ) : (
        <div className="table-scroll">
          <table data-testid="rooms">
            <thead>
              <tr>
                <th>Room</th>
                <th className="number">Sessions</th>
                <th className="number">Roster</th>
                <th>Last session</th>
              </tr>
            </thead>
            <tbody>
              {rooms.map((room) => (
                <tr key={room.id}>
                  <td>
                    <Link href={`/rooms/${encodeURIComponent(room.id)}`}>{room.name}</Link>
                  </td>
                  <td className="number">{room.sessionCount}</td>
                  <td className="number">{room.rosterCount}</td>
                  <td>{formatInstant(room.lastSessionStart, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
