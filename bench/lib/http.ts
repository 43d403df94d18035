// Serving a Hono fetch handler on 127.0.0.1 (as the test harness does) and a small keep-alive HTTP
// client for load generation. node:http with a keep-alive Agent capped at N sockets is the cheapest
// in-process client (it leaves more of the 2 cores to the server than fetch does).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { onCleanup } from './cleanup.ts';

export type Served = { port: number; base: string; close: () => Promise<void> };

export async function listen(fetch: (req: Request) => Response | Promise<Response>, label: string): Promise<Served> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }) as http.Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const close = onCleanup(`close ${label} server`, () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  );
  return { port, base: `http://127.0.0.1:${port}`, close };
}

export type Reply = { status: number; body: Buffer };

export class KeepAliveClient {
  private readonly agent: http.Agent;
  private readonly host = '127.0.0.1';
  private readonly port: number;

  constructor(base: string, connections: number) {
    const url = new URL(base);
    if (url.hostname !== '127.0.0.1') throw new Error('load is only sent to 127.0.0.1');
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: this.host, port: this.port, path, method: 'GET', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** One request without keep-alive (for polling servers that come and go). */
export function getOnce(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}
