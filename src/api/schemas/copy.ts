/** Copying (batch and single) and async tasks. */
import { z } from 'zod';
import { maybe, orElse, num, id } from './fields.js';

export const copyBodySchema = z.object({
  share_id: z.string(),
  file_id: z.string(),
  to_drive_id: z.string(),
  to_parent_file_id: z.string(),
  auto_rename: z.boolean().optional(),
  addition_data: z.record(z.string(), z.unknown()).optional(),
});
export type CopyBody = z.infer<typeof copyBodySchema>;

export const batchRequestSchema = z.object({
  resource: z.string(),
  requests: z
    .array(
      z.object({
        id: z.string(),
        method: z.string(),
        url: z.string(),
        headers: z.record(z.string(), z.string()).optional(),
        body: z.record(z.string(), z.unknown()),
      }),
    )
    .min(1)
    .max(100),
});
export type BatchRequest = z.infer<typeof batchRequestSchema>;

/** A JSON object, checked without copying it (a record schema copies every key of every item). */
const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'expected an object',
);

/**
 * One answer inside a batch: 201 copied, 202 accepted (async), 204 no content (`body: null`), 4xx
 * failed. Only what the client reads is kept (a batch carries 100 of these); the body is read by
 * {@link copyItemBodySchema} or the error schema, depending on the status.
 */
export const batchItemResponseSchema = z.object({
  id,
  status: num,
  body: maybe(jsonObject),
});
export type BatchItemResponse = z.infer<typeof batchItemResponseSchema>;

export const batchResponseSchema = z.looseObject({ responses: z.array(batchItemResponseSchema) });
export type BatchResponse = z.infer<typeof batchResponseSchema>;

/** The body of a 201/202 copy answer (also the single `/adrive/v1/file/copy` answer). */
export const copyResultSchema = z.looseObject({
  domain_id: maybe(z.string()),
  drive_id: maybe(id),
  file_id: maybe(z.string()),
  async_task_id: maybe(z.string()),
});
export type CopyResult = z.infer<typeof copyResultSchema>;

/** A 2xx batch item's body: only the two fields the client reads (built once, not per item). */
export const copyItemBodySchema = z.object({
  file_id: maybe(z.string()),
  async_task_id: maybe(z.string()),
});

export const asyncTaskStateSchema = z.enum(['Running', 'Succeed', 'Failed', 'PartialSucceed']);
export type AsyncTaskState = z.infer<typeof asyncTaskStateSchema>;

/**
 * `/v2/async_task/get`. `state` (some answers carry `status` beside it, or instead) is kept as
 * sent; `taskPhase` in copy.ts reads it case-insensitively and calls anything unknown "running".
 */
export const asyncTaskSchema = z.looseObject({
  async_task_id: maybe(z.string()),
  state: maybe(z.string()),
  status: maybe(z.string()),
  message: orElse(z.string(), ''),
  total_process: orElse(num, 0),
  consumed_process: orElse(num, 0),
  failed_process: orElse(num, 0),
  punished_file_count: orElse(num, 0),
});
export type AsyncTask = z.infer<typeof asyncTaskSchema>;

export const asyncTaskRequestSchema = z.object({ async_task_id: z.string().min(1) });
export type AsyncTaskRequest = z.infer<typeof asyncTaskRequestSchema>;

/** `/adrive/v1/file/copy`: the seed wraps the copy fields in `"body"`; bare fields are accepted too. */
export const singleCopyRequestSchema = z.union([z.object({ body: copyBodySchema }), copyBodySchema]);
export type SingleCopyRequest = z.infer<typeof singleCopyRequestSchema>;
