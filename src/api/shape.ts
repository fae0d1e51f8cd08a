/**
 * Pure: the shape of an answer — its keys and the types of their values, never the values —
 * so an answer this version does not understand can be logged and reported without leaking
 * file names, ids or tokens.
 */

/** A shape: a type name (`"string"`, `"number"`, `"boolean"`, `"null"`), an object of shapes, or an array of them. */
export type Shape = string | Shape[] | { [key: string]: Shape };

/** Keys of one object kept in a shape; the rest are counted. */
const MAX_KEYS = 40;
/** Distinct element shapes of one array kept in a shape. */
const MAX_ELEMENT_SHAPES = 3;

/**
 * The shape of a JSON value. Arrays show each distinct element shape once (`[]` when empty);
 * deeper than `maxDepth` an object or array is just `"object"` / `"array"`.
 */
export function shapeOf(value: unknown, maxDepth = 6): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (maxDepth <= 0) return 'array';
    const seen = new Map<string, Shape>();
    for (const element of value) {
      const shape = shapeOf(element, maxDepth - 1);
      const key = JSON.stringify(shape);
      if (!seen.has(key)) seen.set(key, shape);
      if (seen.size >= MAX_ELEMENT_SHAPES) break;
    }
    return [...seen.values()];
  }
  if (typeof value === 'object') {
    if (maxDepth <= 0) return 'object';
    const entries = Object.entries(value as Record<string, unknown>);
    const shape: Record<string, Shape> = {};
    for (const [key, field] of entries.slice(0, MAX_KEYS)) shape[key] = shapeOf(field, maxDepth - 1);
    if (entries.length > MAX_KEYS) shape['…'] = `${entries.length - MAX_KEYS} more keys`;
    return shape;
  }
  return typeof value;
}
