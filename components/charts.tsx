"use client";

/**
 * Attendance charts drawn with Recharts as SVG. Times arrive as UTC
 * milliseconds and are labelled in the viewer's time zone. Positions on the
 * time axis are instants, so a daylight-saving change does not stretch them.
 */
import { Bar, BarChart, CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { PresenceBand } from "@/lib/attendance/presence-bands";
import { formatTimeOfDay, formatInstant } from "@/lib/time-format";

export interface TimelinePerson {
  personKey: string;
  name: string;
  intervals: { peerId: string; startMs: number; endMs: number }[];
}

/** Height of one person's row in the timeline, in pixels. */
const ROW_HEIGHT = 32;

/**
 * Gives each interval a lane within its person's row, so that overlapping
 * connections (two tabs) sit on separate lanes and both stay visible.
 */
export function assignLanes(intervals: readonly { startMs: number; endMs: number }[]): { lanes: number[]; laneCount: number } {
  const order = intervals.map((_, index) => index).sort((a, b) => intervals[a].startMs - intervals[b].startMs);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(intervals.length).fill(0);
  for (const index of order) {
    let lane = laneEnds.findIndex((endMs) => endMs <= intervals[index].startMs);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = intervals[index].endMs;
    lanes[index] = lane;
  }
  return { lanes, laneCount: Math.max(1, laneEnds.length) };
}

/** Draws one row per person and one bar per connection, on the session's time axis. */
export function SessionTimeline({ people, startMs, endMs, timeZone }: { people: TimelinePerson[]; startMs: number; endMs: number; timeZone: string }) {
  if (people.length === 0 || endMs <= startMs) return null;
  const rows = people.length;
  // Recharts needs data to lay out the axes; the two points span the session and draw nothing.
  const frame = [
    { t: startMs, row: 0 },
    { t: endMs, row: rows },
  ];

  return (
    <div data-testid="session-timeline" style={{ width: "100%", height: rows * ROW_HEIGHT + 60 }}>
      <ResponsiveContainer>
        <LineChart data={frame} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={true} horizontal={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[startMs, endMs]}
            tickCount={7}
            tickFormatter={(value: number) => formatTimeOfDay(value, timeZone)}
            label={{ value: `Time (${timeZone})`, position: "insideBottomRight", offset: -5 }}
          />
          <YAxis
            type="number"
            domain={[0, rows]}
            allowDataOverflow
            reversed
            ticks={people.map((_, index) => index + 0.5)}
            tickFormatter={(value: number) => people[Math.floor(value)]?.name ?? ""}
            width={160}
            interval={0}
          />
          <Line dataKey="row" stroke="none" dot={false} isAnimationActive={false} />
          {people.flatMap((person, row) => {
            const { lanes, laneCount } = assignLanes(person.intervals);
            const laneHeight = 0.7 / laneCount;
            return person.intervals.map((interval, index) => (
              <ReferenceArea
                key={interval.peerId}
                x1={interval.startMs}
                x2={Math.max(interval.endMs, interval.startMs + 1)}
                y1={row + 0.15 + lanes[index] * laneHeight}
                y2={row + 0.15 + (lanes[index] + 1) * laneHeight}
                fill="#2454d6"
                fillOpacity={0.6}
                stroke="#1d3f9e"
                ifOverflow="hidden"
              />
            ));
          })}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Draws how many people attended what share of the session, in 10 % bands counted on the server. */
export function PresenceDistribution({ bands }: { bands: PresenceBand[] }) {
  if (bands.every((band) => band.people === 0)) return null;
  return (
    <div data-testid="presence-distribution" style={{ width: "100%", height: 240 }}>
      <ResponsiveContainer>
        <BarChart data={bands} margin={{ top: 10, right: 20, bottom: 20, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="band" label={{ value: "Share of the session present", position: "insideBottom", offset: -10 }} />
          <YAxis allowDecimals={false} label={{ value: "People", angle: -90, position: "insideLeft" }} />
          <Tooltip />
          <Bar dataKey="people" fill="#2454d6" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Draws the attendance rate of each session of a room, oldest first. */
export function RoomAttendanceChart({ sessions, timeZone }: { sessions: { id: string; startMs: number; rate: number }[]; timeZone: string }) {
  if (sessions.length === 0) return null;
  const data = sessions.map((session) => ({ t: session.startMs, percent: Math.round(session.rate * 1000) / 10 }));
  return (
    <div data-testid="room-attendance-chart" style={{ width: "100%", height: 260 }}>
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 10, right: 20, bottom: 20, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={(value: number) => formatInstant(value, timeZone).slice(0, 10)}
            label={{ value: `Session start (${timeZone})`, position: "insideBottom", offset: -10 }}
          />
          <YAxis domain={[0, 100]} unit="%" />
          <Tooltip labelFormatter={(value) => formatInstant(Number(value), timeZone)} formatter={(value) => [`${value}%`, "Attendance"]} />
          <Line dataKey="percent" stroke="#0f8a4b" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
