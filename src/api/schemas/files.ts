/** Files in one's own drive. */
import { z } from 'zod';
import { isoTime, maybe, orElse, num, id } from './fields.js';

export const fileTypeSchema = z.enum(['file', 'folder']);

export const fileItemSchema = z.looseObject({
  drive_id: maybe(id),
  share_id: maybe(z.string()),
  file_id: z.string().min(1),
  name: z.string(),
  type: fileTypeSchema,
  parent_file_id: maybe(z.string()),
  size: maybe(num),
  file_extension: maybe(z.string()),
  mime_type: maybe(z.string()),
  category: maybe(z.string()),
  created_at: maybe(isoTime),
  updated_at: maybe(isoTime),
  trashed: maybe(z.boolean()),
  status: maybe(z.string()),
});
export type FileItem = z.infer<typeof fileItemSchema>;

export const fileListResponseSchema = z.looseObject({
  items: z.array(fileItemSchema),
  /** Empty string on the last page. */
  next_marker: orElse(z.string(), ''),
});
export type FileListResponse = z.infer<typeof fileListResponseSchema>;

export const listOwnFilesRequestSchema = z.object({
  drive_id: z.string(),
  parent_file_id: z.string(),
  limit: z.number().int().min(1).max(200).optional(),
  marker: z.string().optional(),
  order_by: z.string().optional(),
  order_direction: z.enum(['ASC', 'DESC']).optional(),
});
export type ListOwnFilesRequest = z.infer<typeof listOwnFilesRequestSchema>;

export const getByPathRequestSchema = z.object({ drive_id: z.string(), file_path: z.string() });
export type GetByPathRequest = z.infer<typeof getByPathRequestSchema>;

export const createWithFoldersRequestSchema = z.object({
  drive_id: z.string(),
  parent_file_id: z.string(),
  name: z.string().min(1),
  type: z.literal('folder'),
  check_name_mode: z.enum(['refuse', 'auto_rename', 'ignore']),
});
export type CreateWithFoldersRequest = z.infer<typeof createWithFoldersRequestSchema>;

/** Rename (aligo `rename_file`, alist): `refuse` answers 409 `AlreadyExist.File` when the name is taken. */
export const renameFileRequestSchema = z.object({
  drive_id: z.string(),
  file_id: z.string().min(1),
  name: z.string().min(1),
  check_name_mode: z.enum(['refuse', 'auto_rename', 'ignore']),
});
export type RenameFileRequest = z.infer<typeof renameFileRequestSchema>;

export const createWithFoldersResponseSchema = z.looseObject({
  parent_file_id: maybe(z.string()),
  type: maybe(z.string()),
  file_id: z.string().min(1),
  domain_id: maybe(z.string()),
  drive_id: maybe(id),
  file_name: maybe(z.string()),
  encrypt_mode: maybe(z.string()),
  /** true when `refuse` found an existing folder of that name. */
  exist: maybe(z.boolean()),
});
export type CreateWithFoldersResponse = z.infer<typeof createWithFoldersResponseSchema>;

export const searchFilesRequestSchema = z.object({
  drive_id: z.string(),
  query: z.string(),
  limit: z.number().int().optional(),
  marker: z.string().optional(),
  order_by: z.string().optional(),
});
export type SearchFilesRequest = z.infer<typeof searchFilesRequestSchema>;

/** `/v2/file/get`. */
export const getFileRequestSchema = z.object({ drive_id: z.string(), file_id: z.string() });
export type GetFileRequest = z.infer<typeof getFileRequestSchema>;
