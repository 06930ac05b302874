import { redirect } from "next/navigation";

import { requireViewer } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  await requireViewer("/sessions");
  redirect("/sessions");
}
