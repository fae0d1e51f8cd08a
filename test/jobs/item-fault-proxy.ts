/**
 * A proxy in front of the simulator that makes single items of a copy batch fail, as the real
 * service does (a per-item 429 or 5xx inside a 200 batch answer) — something the simulator's
 * whole-request faults cannot do. A refused item never reaches the simulator, so it is not
 * copied there: the answer is the truth.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How one refused item answers inside the batch (`status: 0`: no answer at all for it). */
export interface ItemFault {
  status: number;
  code: string;
}

interface BatchRequestItem {
  id: string;
  body: { file_id?: string };
}

export interface ItemFaultProxy {
  url: string;
  /** `fileId` (a source file id) is refused with `fault` in the next `times` batches that carry it. */
  refuse(fileId: string, fault: ItemFault, times?: number): void;
  /** How many items each batch request carried, oldest first. */
  readonly batchSizes: number[];
  close(): Promise<void>;
}

const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'content-encoding', 'keep-alive']);

function refusedAnswer(id: string, fault: ItemFault): { id: string; status: number; body: { code: string; message: string } } {
  return { id, status: fault.status, body: { code: fault.code, message: `${fault.code} (refused by the test proxy)` } };
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts a proxy to `target` (the simulator's API host). */
export async function startItemFaultProxy(target: string): Promise<ItemFaultProxy> {
  const refusals = new Map<string, { fault: ItemFault; left: number }>();
  const batchSizes: number[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body: Buffer | string = await bodyOf(req);
    let remaining = -1;
    const isBatch = req.method === 'POST' && /^\/adrive\/v[24]\/batch/.test(req.url ?? '');
    const refused: Array<{ id: string; fault: ItemFault }> = [];
    if (isBatch) {
      const parsed = JSON.parse(body.toString('utf8')) as { requests: BatchRequestItem[] };
      batchSizes.push(parsed.requests.length);
      parsed.requests = parsed.requests.filter((item) => {
        const refusal = item.body.file_id === undefined ? undefined : refusals.get(item.body.file_id);
        if (!refusal || refusal.left <= 0) return true;
        refusal.left -= 1;
        refused.push({ id: item.id, fault: refusal.fault });
        return false;
      });
      body = JSON.stringify(parsed);
      remaining = parsed.requests.length;
    }
    if (remaining === 0) {
      // Every item refused: nothing for the simulator to do (it would reject an empty batch).
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ responses: refused.map(({ id, fault }) => refusedAnswer(id, fault)) }));
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_HEADERS.has(name) && typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(new URL(req.url ?? '/', target), {
      method: req.method ?? 'GET',
      headers,
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
    });
    let text = await answer.text();
    if (isBatch && answer.ok && refused.length > 0) {
      const parsed = JSON.parse(text) as { responses: unknown[] };
      for (const { id, fault } of refused) {
        if (fault.status !== 0) parsed.responses.push(refusedAnswer(id, fault));
      }
      text = JSON.stringify(parsed);
    }
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!HOP_HEADERS.has(name)) out[name] = value;
    });
    res.writeHead(answer.status, out);
    res.end(text);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(599);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refuse(fileId, fault, times = 1) {
      refusals.set(fileId, { fault, left: times });
    },
    batchSizes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
