/** Runs once when the Next.js server starts: validates the configuration and logs the start. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;

  const { checkServerStart } = await import("./lib/server-start");
  await checkServerStart();
}
