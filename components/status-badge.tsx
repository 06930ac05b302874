import type { PersonStatus } from "@/lib/attendance/session-statuses";
import { STATUS_LABELS } from "@/lib/attendance/status";

/** Shows a person's effective status, with the computed one beside it when a teacher overrode it. */
export function StatusBadge({ status, timeLabel }: { status: PersonStatus; timeLabel?: (ms: number) => string }) {
  return (
    <span data-testid="status" data-status={status.effective}>
      <span className={`badge status-${status.effective}`}>{STATUS_LABELS[status.effective]}</span>
      {status.override && (
        <span className="muted" data-testid="status-override">
          {" "}
          (computed: {STATUS_LABELS[status.computed]}; set by {status.override.setByEmail}
          {timeLabel ? ` at ${timeLabel(status.override.setAtMs)}` : ""}: {status.override.reason})
        </span>
      )}
    </span>
  );
}
