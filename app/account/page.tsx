import type { Metadata } from "next";

import { ActionForm } from "@/components/action-form";
import { requireViewer } from "@/lib/auth/guards";
import { getEnv } from "@/lib/env";
import { timeZoneChoices, viewerTimeZone } from "@/lib/time-zone";

import { saveTimeZoneAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const viewer = await requireViewer("/account");
  const timeZone = viewerTimeZone(viewer);

  return (
    <div className="narrow">
      <h1>Account</h1>
      <p className="muted">
        {viewer.email} ({viewer.role})
      </p>
      <h2>Time zone</h2>
      <p>
        Pages show times in <strong data-testid="current-time-zone">{timeZone}</strong>
        {viewer.timeZone === null && ` (the server default, DISPLAY_TIME_ZONE=${getEnv().DISPLAY_TIME_ZONE}, until your browser's zone is stored)`}.
        CSV files give every time in UTC and add columns in this zone with its offset. Durations are computed on instants, so a
        change of daylight-saving time does not change them.
      </p>
      <ActionForm action={saveTimeZoneAction} className="stacked" label="Time zone">
        <label>
          Time zone
          <select name="timeZone" defaultValue={timeZone}>
            {timeZoneChoices().map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Save</button>
      </ActionForm>
    </div>
  );
}
