/** Ordering and marker pagination shared by every list answer. */
import type { FileNode } from './drive.js';
import { simErrors } from './errors.js';

const SORT_KEYS: Record<string, (n: FileNode) => string | number> = {
  name: (n) => n.name,
  created_at: (n) => n.createdAt,
  updated_at: (n) => n.updatedAt,
  size: (n) => n.size,
};

/** Sorts nodes by `order_by` (name, created_at, updated_at, size) and `order_direction`. */
export function sortNodes(nodes: FileNode[], orderBy = 'name', direction: 'ASC' | 'DESC' = 'ASC'): FileNode[] {
  const key = SORT_KEYS[orderBy];
  if (!key) throw simErrors.invalidParameter('order_by');
  const sign = direction === 'DESC' ? -1 : 1;
  return [...nodes].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -sign : sign;
    return a.fileId < b.fileId ? -1 : 1; // a stable tie-break keeps pages from overlapping
  });
}

/**
 * One page of `items` after `marker` (opaque to clients; here an encoded offset).
 * `next_marker` is "" on the last page. A marker that is not ours → `InvalidParameter.Marker`.
 */
export function paginate<T>(items: readonly T[], marker: string | undefined, limit: number): { page: T[]; nextMarker: string } {
  let offset = 0;
  if (marker) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
    if (!decoded) throw simErrors.invalidParameter('marker');
    offset = Number(decoded[1]);
  }
  const end = offset + limit;
  const page = items.slice(offset, end);
  return { page, nextMarker: end < items.length ? Buffer.from(`o${end}`).toString('base64url') : '' };
}
