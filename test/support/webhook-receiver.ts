// A real webhook receiver for tests: a node:http server on 127.0.0.1:0 that records every request and
// answers with a status the test chooses (per request), plus an independent Standard Webhooks verifier
// (it does not reuse the server's signing code, so a signing bug cannot hide behind itself).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = {
  /** webhook-id header */
  id: string;
  timestamp: string;
  signature: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
};

/** Decides the answer to the n-th request (1-based); may be a promise that never settles (a hung receiver). */
export type Responder = (n: number, msg: Received) => number | Promise<number>;

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export async function startReceiver(respond: Responder = () => 200) {
  const received: Received[] = [];
  let responder = respond;
  const listeners = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: any;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const header = (name: string) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v.join(',') : (v ?? '');
      };
      const msg: Received = {
        id: header('webhook-id'),
        timestamp: header('webhook-timestamp'),
        signature: header('webhook-signature'),
        headers: req.headers,
        body,
        json,
      };
      received.push(msg);
      for (const l of listeners) l();
      Promise.resolve(responder(received.length, msg)).then(
        (status) => {
          if (!res.destroyed) res.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
        },
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    /** Messages with a given event type in the body. */
    ofType: (type: string) => received.filter((m) => m.json?.type === type),
    setResponder(next: Responder) {
      responder = next;
    },
    /** Resolves once `count` requests have arrived, or rejects after `timeoutMs` (a bound, not an assertion on time). */
    waitFor(count: number, timeoutMs = 15_000): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`receiver got ${received.length} of ${count} requests within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The v1 signatures in a webhook-signature header (space separated `v1,<base64>`). */
export function signaturesOf(msg: Pick<Received, 'signature'>): string[] {
  return msg.signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => s.slice(3));
}

/** True when one of the message's signatures is HMAC-SHA256(key, `${id}.${timestamp}.${body}`) for this secret. */
export function verifiedBy(secret: string, msg: Pick<Received, 'id' | 'timestamp' | 'body' | 'signature'>): boolean {
  assertSecretFormat(secret);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${msg.id}.${msg.timestamp}.${msg.body}`).digest();
  return signaturesOf(msg).some((s) => {
    const given = Buffer.from(s, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export function assertSecretFormat(secret: string): void {
  if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) throw new Error(`not a Standard Webhooks secret: ${secret.slice(0, 10)}…`);
}

/** Seconds between the message's webhook-timestamp and now (absolute). */
export function timestampSkewSeconds(msg: Pick<Received, 'timestamp'>, now = Date.now()): number {
  return Math.abs(now / 1000 - Number(msg.timestamp));
}
