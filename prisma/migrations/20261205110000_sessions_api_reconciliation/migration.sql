-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 8,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedAt" DATETIME,
    "lockedBy" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "since" DATETIME NOT NULL,
    "until" DATETIME NOT NULL,
    "roomId" TEXT,
    "cursor" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roomId" TEXT NOT NULL,
    "startedAt" DATETIME,
    "stoppedAt" DATETIME,
    "reportedDurationSeconds" INTEGER,
    "reconciliationStatus" TEXT NOT NULL DEFAULT 'none',
    "reconciledAt" DATETIME,
    "peersAddedFromApi" INTEGER NOT NULL DEFAULT 0,
    "joinTimesFromApi" INTEGER NOT NULL DEFAULT 0,
    "leaveTimesFromApi" INTEGER NOT NULL DEFAULT 0,
    "reconciliationError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Session_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("createdAt", "id", "reportedDurationSeconds", "roomId", "startedAt", "stoppedAt", "updatedAt") SELECT "createdAt", "id", "reportedDurationSeconds", "roomId", "startedAt", "stoppedAt", "updatedAt" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE INDEX "Session_startedAt_idx" ON "Session"("startedAt");
CREATE INDEX "Session_roomId_startedAt_idx" ON "Session"("roomId", "startedAt");
CREATE TABLE "new_Peer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "peerType" TEXT,
    "joinedAt" DATETIME,
    "leftAt" DATETIME,
    "leaveReason" TEXT,
    "leaveSeen" BOOLEAN NOT NULL DEFAULT false,
    "leftAtEstimated" BOOLEAN NOT NULL DEFAULT false,
    "timesFromApi" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Peer_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Peer" ("createdAt", "id", "joinedAt", "leaveReason", "leaveSeen", "leftAt", "name", "peerType", "role", "sessionId", "updatedAt", "userId") SELECT "createdAt", "id", "joinedAt", "leaveReason", "leaveSeen", "leftAt", "name", "peerType", "role", "sessionId", "updatedAt", "userId" FROM "Peer";
DROP TABLE "Peer";
ALTER TABLE "new_Peer" RENAME TO "Peer";
CREATE INDEX "Peer_sessionId_idx" ON "Peer"("sessionId");
CREATE INDEX "Peer_userId_idx" ON "Peer"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Job_status_nextAttemptAt_idx" ON "Job"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_kind_key_key" ON "Job"("kind", "key");

