/** Error answers, the same on every host. */
import { z } from 'zod';
import { maybe, orElse } from './fields.js';

/** Error body: `{"code","message","requestId"}`; `message`/`requestId` may be null or missing. */
export const errorBodySchema = z.looseObject({
  code: z.string().min(1),
  message: orElse(z.string(), ''),
  requestId: maybe(z.string()),
  resultCode: maybe(z.string()),
  display_message: maybe(z.string()),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
