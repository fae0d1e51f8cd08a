/**
 * The Aliyun Drive wire format, as zod schemas: request bodies (which the simulator also
 * validates) and the answers the client reads.
 *
 * Answers are read tolerantly, because the real service answers with `null` for fields it has
 * nothing for (`"code": null` on a successful create_session, `"requestId": null` on auth-host
 * errors, `"body": null` on a 204 batch item), adds fields at will and has changed shapes over
 * the years (../shared/aliyun-real-responses.json). So: only the fields the code uses are
 * checked, `null` reads as "absent" everywhere, objects are loose, and numbers may come as
 * strings. An answer that still fails is a real change of the service (see `BadResponse`).
 *
 * One file per area under schemas/ (field readers in schemas/fields.ts).
 */
export * from './schemas/errors.js';
export * from './schemas/accounts.js';
export * from './schemas/files.js';
export * from './schemas/share.js';
export * from './schemas/copy.js';
export * from './schemas/share-links.js';
