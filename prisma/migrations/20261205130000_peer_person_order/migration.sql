-- DropIndex
DROP INDEX "Peer_sessionId_idx";

-- CreateIndex
CREATE INDEX "Peer_sessionId_userId_id_idx" ON "Peer"("sessionId", "userId", "id");

