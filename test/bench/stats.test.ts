import { describe, expect, it } from 'vitest';
import { markdownTable } from '../../scripts/bench/markdown.js';
import { distribution, pacedSaveRate, percentile, steadyRate } from '../../scripts/bench/stats.js';

describe('benchmark percentiles', () => {
  it('uses the nearest rank: p50 of 1..10 is 5, p95 and p99 are 10', () => {
    const values = [7, 3, 10, 1, 9, 2, 8, 4, 6, 5];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
  });

  it('p99 of 1..1000 is 990, and the input is not reordered', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(percentile(values, 99)).toBe(990);
    expect(values[0]).toBe(1000);
  });

  it('an empty sample has no percentiles', () => {
    expect(distribution([]).p50).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('benchmark rates', () => {
  it('the steady rate skips the first completions', () => {
    // A burst of three at once, then one per 500 ms.
    expect(steadyRate([0, 0, 0, 500, 1000, 1500], 2)).toBeCloseTo(2, 5);
  });

  it('the paced bound approaches calls per second / calls per save for many saves', () => {
    expect(pacedSaveRate(1000, 3, 4, 8)).toBeCloseTo(4 / 3, 1);
    expect(pacedSaveRate(10, 3, 4, 8)).toBeCloseTo(10 / ((30 - 8) / 4), 5);
  });
});

describe('benchmark tables', () => {
  it('renders a Markdown table and escapes pipes', () => {
    expect(markdownTable(['a', 'b'], [['1', 'x|y']])).toBe('| a | b |\n|---|---|\n| 1 | x\\|y |');
  });
});
