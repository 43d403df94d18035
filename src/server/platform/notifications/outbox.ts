// Writes messages to the notification outbox. Callers pass their own transaction so a message exists
// exactly when the change that caused it committed. Delivery (SMTP) reads from the outbox.
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../../db/client.ts';
import { notifications } from './schema.ts';

export type OutgoingMessage = {
  kind: string;
  to: string;
  subject: string;
  text: string;
  payload?: Record<string, unknown>;
  aboutOrganizationId?: string;
};

export async function enqueueNotification(tx: Tx, log: Logger | undefined, msg: OutgoingMessage): Promise<string> {
  const id = uuidv7();
  await tx.insert(notifications).values({
    id,
    kind: msg.kind,
    toEmail: msg.to,
    subject: msg.subject,
    bodyText: msg.text,
    payload: msg.payload ?? {},
    aboutOrganizationId: msg.aboutOrganizationId ?? null,
  });
  // Development delivery: without SMTP the log is where a developer reads the link.
  log?.info({ notificationId: id, kind: msg.kind, to: msg.to }, `notification queued: ${msg.subject}\n${msg.text}`);
  return id;
}
