/** The columns of a room that statuses depend on: its attendance rules and its roster. */
export const ROOM_STATUS_SELECT = {
  presentMinPercent: true,
  lateAfterMinutes: true,
  leftEarlyMinutes: true,
  roster: { select: { userId: true, name: true, email: true } },
} as const;
