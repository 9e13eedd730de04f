import { defineConfig } from 'prisma/config';

// `env("DATABASE_URL")` would throw when the variable is unset, which breaks
// `prisma generate` on a fresh clone; an empty URL is fine for generate.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
