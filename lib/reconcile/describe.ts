/** Sentences for the session page about where its figures come from. */
import type { ReconciliationInfo } from "../sessions/queries";

export interface ReconciliationText {
  /** Short state: "Reconciled", "Reconciliation pending", "Reconciliation failed", "Webhooks only" or "Live". */
  label: string;
  /** One sentence each, such as "2 leave times taken from 100ms." */
  details: string[];
}

function count(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Describes the reconciliation state of a session; `formatTime` renders instants in the display time zone. */
export function describeReconciliation(info: ReconciliationInfo, live: boolean, formatTime: (date: Date) => string): ReconciliationText {
  const estimated =
    info.estimatedLeaves > 0
      ? [`${count(info.estimatedLeaves, "leave time is", "leave times are")} estimated as the session close, because 100ms recorded none.`]
      : [];

  if (info.status === "reconciled") {
    const changes = [
      info.peersAdded > 0 ? `${count(info.peersAdded, "connection", "connections")} added that no webhook reported` : null,
      info.joinTimesFromApi > 0 ? `${count(info.joinTimesFromApi, "join time", "join times")} taken from 100ms` : null,
      info.leaveTimesFromApi > 0 ? `${count(info.leaveTimesFromApi, "leave time", "leave times")} taken from 100ms` : null,
    ].filter((change): change is string => change !== null);
    const when = info.reconciledAt ? ` at ${formatTime(info.reconciledAt)}` : "";
    return {
      label: "Reconciled",
      details: [
        `Checked against the 100ms Sessions API${when}: ${changes.length > 0 ? `${changes.join(", ")}.` : "the webhooks were complete."}`,
        ...estimated,
      ],
    };
  }

  if (info.status === "pending") {
    const retry =
      info.lastError !== null
        ? ` Attempt ${info.attempts} failed (${info.lastError})${info.nextAttemptAt ? `; next attempt at ${formatTime(info.nextAttemptAt)}` : ""}.`
        : "";
    return { label: "Reconciliation pending", details: [`Figures come from webhooks until the session is fetched from the 100ms Sessions API.${retry}`, ...estimated] };
  }

  if (info.status === "failed") {
    return {
      label: "Reconciliation failed",
      details: [`Fetching the session from the 100ms Sessions API failed after ${info.attempts} attempts: ${info.lastError ?? "unknown error"}. Figures come from webhooks only; run npm run sync to retry.`, ...estimated],
    };
  }

  if (!info.apiConfigured) {
    return { label: "Webhooks only", details: ["Figures come from webhooks only: the 100ms API is not configured (HMS_ACCESS_KEY, HMS_APP_SECRET).", ...estimated] };
  }
  if (live) {
    return { label: "Live", details: ["Figures come from webhooks; they are checked against the 100ms Sessions API after the session closes."] };
  }
  return { label: "Webhooks only", details: ["Figures come from webhooks only: the session closed before the 100ms API was configured, or its close never arrived. Run npm run sync to import it.", ...estimated] };
}
