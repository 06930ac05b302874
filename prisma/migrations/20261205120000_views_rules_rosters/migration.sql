-- AlterTable
ALTER TABLE "Room" ADD COLUMN "lateAfterMinutes" INTEGER;
ALTER TABLE "Room" ADD COLUMN "leftEarlyMinutes" INTEGER;
ALTER TABLE "Room" ADD COLUMN "presentMinPercent" INTEGER;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "timeZone" TEXT;

-- CreateTable
CREATE TABLE "RosterEntry" (
    "roomId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("roomId", "userId"),
    CONSTRAINT "RosterEntry_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StatusOverride" (
    "sessionId" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "setByEmail" TEXT NOT NULL,
    "setAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("sessionId", "personKey"),
    CONSTRAINT "StatusOverride_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

