import { describe, expect, it } from 'vitest';
import { shapeOf } from '../../src/api/shape.js';

describe('shapeOf: keys and types, never values', () => {
  it('names the type of every field, nulls included, and no value', () => {
    const answer = {
      items: [
        { file_id: 'f1-secret', name: 'private.mkv', size: 12, description: null, tags: ['a'] },
        { file_id: 'f2-secret', name: 'other.mkv', size: 13, description: null, tags: ['b'] },
        { file_id: 'f3', name: 'x', size: '14', description: null, tags: [] },
      ],
      next_marker: '',
      ok: true,
    };
    const shape = shapeOf(answer);
    expect(shape).toEqual({
      items: [
        { file_id: 'string', name: 'string', size: 'number', description: 'null', tags: ['string'] },
        { file_id: 'string', name: 'string', size: 'string', description: 'null', tags: [] },
      ],
      next_marker: 'string',
      ok: 'boolean',
    });
    expect(JSON.stringify(shape)).not.toMatch(/secret|private|mkv/);
  });

  it('stops at a depth and at many keys', () => {
    expect(shapeOf({ a: { b: { c: 1 } } }, 2)).toEqual({ a: { b: 'object' } });
    const wide = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`k${i}`, i]));
    const shape = shapeOf(wide) as Record<string, string>;
    expect(Object.keys(shape)).toHaveLength(41);
    expect(shape['…']).toBe('5 more keys');
    expect(shapeOf('text')).toBe('string');
    expect(shapeOf(null)).toBe('null');
  });
});
