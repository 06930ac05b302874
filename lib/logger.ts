import pino from "pino";

import { getEnv } from "./env";

/** The process's structured logger; JSON lines on stdout. */
export const logger = pino({
  level: getEnv().LOG_LEVEL,
  base: { service: "rollcall" },
  redact: { paths: ["*.authorization", "*.token", "*.secret", "headers.authorization"], censor: "[redacted]" },
});
