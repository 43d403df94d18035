// The background worker: event fan-out, webhook delivery, email delivery and audit retention, each a
// small job polled in turn. It runs inside the server by default, or alone (`tenantry worker`) so API
// nodes and workers scale apart. Every job that touches tenant data does so through withTenant.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { runInScope, SYSTEM_SCOPE } from '../http/request-scope.ts';
import { purgeExpiredAudit } from '../platform/audit/service.ts';
import type { SecretBox } from '../platform/webhooks/secrets.ts';
import { deliverWebhooks } from './deliver-webhooks.ts';
import { dispatchEvents } from './dispatch-events.ts';
import { createMailer, sendNotifications } from './send-notifications.ts';

const RETENTION_EVERY_MS = 3600_000;

export type Worker = { stop(): Promise<void>; tick(): Promise<void> };

export function startWorker(config: Config, db: Database, box: SecretBox, log: Logger, opts: { autoStart?: boolean } = {}): Worker {
  const mailer = config.smtpUrl ? createMailer(config.smtpUrl, config.mailFrom) : null;
  let lastRetention = 0;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function runOnce() {
    await runInScope({ ...SYSTEM_SCOPE, actor: { ...SYSTEM_SCOPE.actor } }, async () => {
      await dispatchEvents(db);
      await deliverWebhooks(db, box, config.webhooks, log);
      if (mailer) await sendNotifications(db, mailer, log);
      if (Date.now() - lastRetention > RETENTION_EVERY_MS) {
        lastRetention = Date.now();
        const purged = await purgeExpiredAudit(db);
        if (purged) log.info({ purged }, 'audit retention purged old entries');
      }
    });
  }

  /** One pass of every job; never overlaps with itself. */
  function tick(): Promise<void> {
    running ??= runOnce()
      .catch((err: unknown) => log.error({ err }, 'worker pass failed'))
      .finally(() => {
        running = null;
      });
    return running;
  }

  const timer = opts.autoStart === false ? null : setInterval(() => !stopped && void tick(), config.worker.pollMs);
  timer?.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
