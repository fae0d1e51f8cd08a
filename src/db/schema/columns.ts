import { sql } from 'drizzle-orm';

/** Current time in integer ms, computed by SQLite; the default of every `*_at` column. */
export const nowMs = sql`(cast(unixepoch('subsec') * 1000 as integer))`;
