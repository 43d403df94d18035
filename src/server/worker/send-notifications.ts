// Delivers the notification outbox over SMTP (nodemailer) when SMTP_URL is set. Without it, messages
// stay in the outbox (logged when queued, readable by operators through the API). The outbox is a
// platform table: it holds no tenant rows, so this job runs in the platform context.
import { and, asc, eq, isNull, lt, lte, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Database } from '../db/client.ts';
import { withPlatform } from '../tenancy/with-tenant.ts';
import { notifications } from '../platform/notifications/schema.ts';
import { renderHtml } from '../platform/notifications/html.ts';

const MAX_ATTEMPTS = 5;

export function createMailer(smtpUrl: string, from: string) {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return { transport, from };
}

export type Mailer = ReturnType<typeof createMailer>;

export async function sendNotifications(db: Database, mailer: Mailer, log: Logger): Promise<number> {
  // Claim a batch with a lease so two workers never send the same message at once.
  const batch = await withPlatform(db, 'claim outbox messages', async (tx) => {
    const rows = await tx
      .select()
      .from(notifications)
      .where(and(isNull(notifications.sentAt), lt(notifications.attempts, MAX_ATTEMPTS), lte(notifications.nextAttemptAt, new Date())))
      .orderBy(asc(notifications.createdAt))
      .limit(20)
      .for('update', { skipLocked: true });
    for (const r of rows) {
      // Leased for a minute; on failure the next try waits longer each time.
      await tx
        .update(notifications)
        .set({ attempts: sql`${notifications.attempts} + 1`, nextAttemptAt: new Date(Date.now() + 60_000 * 2 ** r.attempts) })
        .where(eq(notifications.id, r.id));
    }
    return rows;
  });
  let sent = 0;
  for (const n of batch) {
    const url = typeof n.payload.url === 'string' ? n.payload.url : undefined;
    try {
      await mailer.transport.sendMail({
        from: mailer.from,
        to: n.toEmail,
        subject: n.subject,
        text: n.bodyText,
        html: renderHtml(n.kind, n.subject, n.bodyText, url),
        headers: { 'X-Tenantry-Notification': n.id },
      });
      await withPlatform(db, 'mark outbox message sent', (tx) =>
        tx.update(notifications).set({ sentAt: new Date(), lastError: null }).where(eq(notifications.id, n.id)),
      );
      sent++;
    } catch (e) {
      const message = e instanceof Error ? e.message.slice(0, 500) : 'send failed';
      log.warn({ notificationId: n.id, err: message }, 'email delivery failed');
      await withPlatform(db, 'record outbox failure', (tx) => tx.update(notifications).set({ lastError: message }).where(eq(notifications.id, n.id)));
    }
  }
  return sent;
}
