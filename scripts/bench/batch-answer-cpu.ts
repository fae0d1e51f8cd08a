/**
 * CPU to read one answer of a 100-item copy batch (JSON.parse, the zod schema, each item's
 * result), as copyBatch reads it.
 *
 *   npx tsx scripts/bench/batch-answer-cpu.ts [rounds=2000]
 */
import { copyItemResult } from '../../src/api/copy.js';
import { batchResponseSchema } from '../../src/api/schemas.js';

const rounds = Number(process.argv[2] ?? 2000);
const answer = JSON.stringify({
  responses: Array.from({ length: 100 }, (_, i) => ({
    id: String(i),
    status: 201,
    body: { domain_id: 'bj29', drive_id: '123', file_id: `f${i}`, async_task_id: i % 10 === 0 ? `t${i}` : '' },
    headers: {},
  })),
});
const read = (): unknown => {
  const parsed = batchResponseSchema.parse(JSON.parse(answer));
  const byId = new Map(parsed.responses.map((response) => [response.id, response]));
  return Array.from({ length: 100 }, (_, i) => copyItemResult(`x${i}`, byId.get(String(i))));
};
for (let i = 0; i < 300; i++) read(); // warm-up
const before = process.cpuUsage();
for (let i = 0; i < rounds; i++) read();
const used = process.cpuUsage(before);
process.stdout.write(`${((used.user + used.system) / rounds).toFixed(0)} µs CPU per 100-item batch answer\n`);
