/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and worker-based packages stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pino"],
  poweredByHeader: false,
};

export default nextConfig;
