/** Field readers shared by the wire schemas: tolerant of `null`, numeric strings and numeric ids. */
import { z } from 'zod';

/** ISO-8601 UTC time with milliseconds; `""` means "never" where an expiration is expected. */
export const isoTime = z.string();

/** A field the service may leave out or send as `null`: both read as `undefined`. */
export function maybe<S extends z.ZodType>(schema: S) {
  return schema
    .nullish()
    .transform((value): z.output<S> | undefined => value ?? undefined)
    .optional();
}

/** A field the service may leave out or send as `null`, read as `fallback` then. */
export function orElse<S extends z.ZodType>(schema: S, fallback: z.output<S>) {
  return schema.nullish().transform((value): z.output<S> => value ?? fallback);
}

/** A number, also when sent as a numeric string (some clients have seen `"size": "123"`). */
export const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/** An id: a string, also when sent as a number. */
export const id = z.union([z.string(), z.number().transform(String)]);
