// Notification emails (O2) against a real SMTP server started by the test (smtp-server on 127.0.0.1):
// verification, password reset and invitation emails with text and HTML parts carrying the link;
// lifecycle emails to owners and admins only; sent_at after delivery; an SMTP outage recorded and
// retried later, delivered once the server is back; and, without SMTP_URL, the outbox that operators
// read through /api/v1/admin/notifications.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';
import { createLogger } from '../src/server/runtime.ts';
import { startWorker, type Worker } from '../src/server/worker/worker.ts';
import { assertProblem } from './support/problems.ts';


type Mail = { rcpt: string[]; raw: string; headers: Record<string, string>; text: string; html: string };

// ---- a minimal MIME reader (enough for nodemailer's multipart/alternative output) ----

function splitHeaders(block: string): { headers: Record<string, string>; body: string } {
  const at = block.indexOf('\r\n\r\n');
  const head = at < 0 ? block : block.slice(0, at);
  const body = at < 0 ? '' : block.slice(at + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function decodeBody(body: string, encoding = '7bit'): string {
  const enc = encoding.toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, kind: string, text: string) =>
    kind.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
  );
}

function parseMail(raw: string, rcpt: string[]): Mail {
  const { headers, body } = splitHeaders(raw);
  const parts: { type: string; content: string }[] = [];
  const walk = (h: Record<string, string>, b: string) => {
    const type = h['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      for (const chunk of b.split(`--${boundary}`).slice(1)) {
        if (chunk.startsWith('--')) break;
        const inner = splitHeaders(chunk.replace(/^\r\n/, ''));
        walk(inner.headers, inner.body.replace(/\r\n$/, ''));
      }
    } else {
      parts.push({ type: type.split(';')[0]!.toLowerCase(), content: decodeBody(b, h['content-transfer-encoding']) });
    }
  };
  walk(headers, body);
  return {
    rcpt,
    raw,
    headers: { ...headers, subject: decodeWords(headers.subject ?? '') },
    text: parts.find((p) => p.type === 'text/plain')?.content ?? '',
    html: parts.find((p) => p.type === 'text/html')?.content ?? '',
  };
}

// ---- a real SMTP server ----

async function startSmtp(port = 0) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address.toLowerCase())));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  let open = true;
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    to: (email: string) => mails.filter((m) => m.rcpt.includes(email.toLowerCase())),
    close: () => {
      if (!open) return Promise.resolve();
      open = false;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('notification emails', () => {
  describe('with SMTP_URL', () => {
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let t: TestSystem;
    let worker: Worker;

    before(async () => {
      smtp = await startSmtp();
      t = await startTestSystem({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      worker = startWorker(t.config, t.db, t.system.box, createLogger(t.config), { autoStart: false });
    });
    after(async () => {
      await worker.stop();
      await t.close();
      await smtp.close();
    });

    async function outbox(email: string, kind?: string) {
      const rows = await t.db.query<{ id: string; kind: string; payload: unknown; sent_at: Date | null; attempts: number; last_error: string | null; due_in_s: number }>(
        `select id, kind, payload, sent_at, attempts, last_error, extract(epoch from (next_attempt_at - now()))::float8 as due_in_s
         from notifications where to_email = $1 ${kind ? 'and kind = $2' : ''} order by id`,
        kind ? [email, kind] : [email],
      );
      return rows.map((r) => ({ ...r, payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, any> }));
    }

    /** Runs worker passes until `email` has `count` messages matching `pick`; bounded. */
    async function mailsTo(email: string, pick: (m: Mail) => boolean = () => true, count = 1): Promise<Mail[]> {
      for (let i = 0; i < 50; i++) {
        const got = smtp.to(email).filter(pick);
        if (got.length >= count) return got;
        await worker.tick();
        if (i > 5) await new Promise((r) => setTimeout(r, 20));
      }
      assert.fail(`no email to ${email} (${smtp.to(email).map((m) => m.headers.subject).join(' | ')})`);
    }

    test('sign-up sends the verification email, with text and HTML parts carrying the link, and sent_at is recorded', async () => {
      const user = await t.signUp('Mail Reader');
      const [mail] = await mailsTo(user.email, (m) => /verify/i.test(m.headers.subject!));
      const [row] = await outbox(user.email, 'email_verification');
      const url: string = row!.payload.url;
      assert.match(url, /\/api\/auth\/verify-email\?token=/);
      assert.equal(mail!.headers.subject, 'Verify your email for Tenantry');
      assert.match(mail!.headers.from ?? '', /no-reply@tenantry\.local/);
      assert.match(mail!.headers['content-type'] ?? '', /^multipart\/alternative/);
      assert.ok(mail!.text.includes(url), `the text part has the link:\n${mail!.text}`);
      assert.ok(mail!.html.includes(`href="${escapeHtml(url)}"`), `the HTML part links to it:\n${mail!.html}`);
      assert.match(mail!.html, /Verify email/);
      assert.equal(mail!.headers['x-tenantry-notification'], row!.id);

      assert.ok(row!.sent_at, 'sent_at is set after delivery');
      assert.equal(row!.attempts, 1);
      assert.equal(row!.last_error, null);
      await worker.tick();
      assert.equal(smtp.to(user.email).length, 1, 'a sent message is not sent again');

      // The link in the email works.
      const res = await fetch(url, { redirect: 'manual' });
      await res.arrayBuffer();
      const [u] = await t.db.query<{ email_verified: boolean }>('select email_verified from users where id = $1', [user.id]);
      assert.equal(u!.email_verified, true);
    });

    test('a password reset request sends the reset email with its link', async () => {
      const user = await t.signUp('Forgetful');
      const res = await t.request('POST', '/api/auth/request-password-reset', { body: { email: user.email, redirectTo: '/reset' } });
      assert.equal(res.status, 200, res.text);
      const [mail] = await mailsTo(user.email, (m) => /reset/i.test(m.headers.subject!));
      const [row] = await outbox(user.email, 'password_reset');
      const url: string = row!.payload.url;
      assert.match(url, /\/reset-password\//);
      assert.equal(mail!.headers.subject, 'Reset your Tenantry password');
      assert.ok(mail!.text.includes(url));
      assert.ok(mail!.html.includes(escapeHtml(url)));
      assert.match(mail!.html, /Choose a new password/);
      assert.ok(row!.sent_at);
    });

    test('an invitation sends the invitee an email with the invitation link', async () => {
      const ops = await t.operator();
      const { org, owner } = await t.activeOrganization(ops, 'Mailing Org');
      const email = `${t.unique('invitee')}@example.com`;
      const inv = await t.request('POST', `/api/v1/orgs/${org.id}/invitations`, { token: owner.token, body: { email, role: 'MEMBER', message: 'Join us & <b>welcome</b>' } });
      assert.equal(inv.status, 201, inv.text);
      const [mail] = await mailsTo(email);
      const [row] = await outbox(email, 'invitation');
      const url: string = row!.payload.url;
      assert.match(url, /\/invitations\/[A-Za-z0-9_-]+$/);
      assert.match(mail!.headers.subject ?? '', /invited you to Mailing Org/);
      assert.ok(mail!.text.includes(url));
      assert.ok(mail!.html.includes(`href="${escapeHtml(url)}"`));
      assert.ok(mail!.html.includes('&lt;b&gt;welcome&lt;/b&gt;'), 'the inviter\'s message is escaped in HTML');
      assert.ok(!mail!.html.includes('<b>welcome</b>'));
      // The link leads to the invitation.
      const token = url.split('/').at(-1)!;
      const lookup = await t.request('GET', `/api/v1/invitations/${token}`);
      assert.equal(lookup.status, 200, lookup.text);
      assert.equal(lookup.json.email, email);
    });

    test('approval and suspension emails go to owners and admins, not to plain members', async () => {
      const ops = await t.operator();
      const owner = await t.signUp('Lifecycle Owner');
      const created = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Lifecycle Mail Org' } });
      assert.equal(created.status, 201, created.text);
      const orgId: string = created.json.id;
      const admin = await t.signUp('Lifecycle Admin');
      const member = await t.signUp('Lifecycle Member');
      const readOnly = await t.signUp('Lifecycle Reader');
      const suspendedAdmin = await t.signUp('Suspended Admin');
      await addMember(t.db, orgId, admin.id, 'ADMIN');
      await addMember(t.db, orgId, member.id, 'MEMBER');
      await addMember(t.db, orgId, readOnly.id, 'READ_ONLY');
      await addMember(t.db, orgId, suspendedAdmin.id, 'ADMIN', 'SUSPENDED');

      assert.equal((await t.request('POST', `/api/v1/admin/organizations/${orgId}/approve`, { token: ops.token })).status, 200);
      const approved = (m: Mail) => m.headers.subject === 'Lifecycle Mail Org was approved';
      const [toOwner] = await mailsTo(owner.email, approved);
      const [toAdmin] = await mailsTo(admin.email, approved);
      assert.match(toOwner!.text, /was approved by a platform operator/);
      assert.ok(toAdmin);

      const suspended = await t.request('POST', `/api/v1/admin/organizations/${orgId}/suspend`, { token: ops.token, body: { reason: 'Terms breach' } });
      assert.equal(suspended.status, 200, suspended.text);
      const wasSuspended = (m: Mail) => m.headers.subject === 'Lifecycle Mail Org was suspended';
      const [sOwner] = await mailsTo(owner.email, wasSuspended);
      await mailsTo(admin.email, wasSuspended);
      assert.match(sOwner!.text, /Reason: Terms breach/);
      assert.match(sOwner!.html, /Reason: Terms breach/);

      await worker.tick();
      for (const u of [member, readOnly, suspendedAdmin]) {
        assert.equal(smtp.to(u.email).filter((m) => approved(m) || wasSuspended(m)).length, 0, `${u.name} gets no lifecycle email`);
        assert.equal((await outbox(u.email)).filter((r) => r.kind.startsWith('organization_')).length, 0);
      }
      for (const u of [owner, admin]) {
        const kinds = (await outbox(u.email)).filter((r) => r.kind.startsWith('organization_'));
        assert.deepEqual(kinds.map((r) => r.kind), ['organization_approved', 'organization_suspended']);
        assert.ok(kinds.every((r) => r.sent_at), 'both marked sent');
      }
    });

    test('while SMTP is down the error is recorded and the message retried later; it is delivered once the server is back', async () => {
      await smtp.close();
      const port = smtp.port;
      const user = await t.signUp('Patient Reader');
      await worker.tick();
      let [row] = await outbox(user.email, 'email_verification');
      assert.ok(row, 'the message is in the outbox');
      assert.equal(row.sent_at, null);
      assert.equal(row.attempts, 1);
      assert.match(row.last_error ?? '', /ECONNREFUSED|connect/i, 'lastError recorded');
      assert.ok(row.due_in_s > 30, `retried later, not immediately (next attempt in ${row.due_in_s}s)`);

      await worker.tick();
      [row] = await outbox(user.email, 'email_verification');
      assert.equal(row!.attempts, 1, 'not retried before next_attempt_at');

      smtp = await startSmtp(port);
      await worker.tick();
      assert.equal(smtp.to(user.email).length, 0, 'still waiting for its retry time');
      await t.db.query("update notifications set next_attempt_at = now() - interval '1 second' where id = $1", [row!.id]);
      await worker.tick();
      [row] = await outbox(user.email, 'email_verification');
      assert.ok(row!.sent_at, 'delivered once the server is back');
      assert.equal(row!.attempts, 2);
      assert.equal(row!.last_error, null, 'the old error is cleared');
      assert.equal(smtp.to(user.email).length, 1);
      assert.ok(smtp.to(user.email)[0]!.text.includes(row!.payload.url));
    });
  });

  describe('without SMTP_URL (development outbox)', () => {
    let t: TestSystem;
    let worker: Worker;

    before(async () => {
      t = await startTestSystem();
      assert.equal(t.config.smtpUrl, undefined);
      worker = startWorker(t.config, t.db, t.system.box, createLogger(t.config), { autoStart: false });
    });
    after(async () => {
      await worker.stop();
      await t.close();
    });

    test('messages stay in the outbox, and operators read them (filtered by recipient, with the HTML)', async () => {
      const ops = await t.operator();
      const user = await t.signUp('Outbox Reader');
      const other = await t.signUp('Someone Else');
      await worker.tick();
      const rows = await t.db.query<{ sent_at: Date | null; attempts: number }>('select sent_at, attempts from notifications where to_email = $1', [user.email]);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.sent_at, null, 'nothing is sent without SMTP');
      assert.equal(rows[0]!.attempts, 0);

      const res = await t.request('GET', `/api/v1/admin/notifications?to=${encodeURIComponent(user.email.toUpperCase())}`, { token: ops.token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.items.length, 1);
      const n = res.json.items[0];
      assert.equal(n.to, user.email);
      assert.equal(n.kind, 'email_verification');
      assert.equal(n.sentAt, null);
      assert.equal(n.lastError, null);
      const url = /(http:\/\/\S+verify-email\S+)/.exec(n.text)?.[1];
      assert.ok(url, `the text carries the link: ${n.text}`);
      assert.match(n.html, /^<!doctype html>/);
      assert.ok(n.html.includes(`href="${escapeHtml(url)}"`), 'the html field renders the same link');
      assert.ok(!res.text.includes(other.email), 'the to filter keeps other recipients out');

      const byKind = await t.request('GET', '/api/v1/admin/notifications?kind=email_verification&limit=100', { token: ops.token });
      assert.equal(byKind.status, 200, byKind.text);
      const recipients = byKind.json.items.map((i: any) => i.to);
      assert.ok(recipients.includes(user.email) && recipients.includes(other.email));
      assert.ok(byKind.json.items.every((i: any) => i.kind === 'email_verification'));

      const page1 = await t.request('GET', '/api/v1/admin/notifications?limit=1', { token: ops.token });
      assert.equal(page1.json.items.length, 1);
      assert.ok(page1.json.nextCursor);
      const page2 = await t.request('GET', `/api/v1/admin/notifications?limit=1&cursor=${page1.json.nextCursor}`, { token: ops.token });
      assert.equal(page2.status, 200, page2.text);
      assert.notEqual(page2.json.items[0].id, page1.json.items[0].id);
    });

    test('the outbox is for operators only: a signed-in non-operator gets 403, no credentials 401', async () => {
      const user = await t.signUp('Curious User');
      assertProblem(await t.request('GET', `/api/v1/admin/notifications?to=${encodeURIComponent(user.email)}`, { token: user.token }), 403, 'operator_required');
      assertProblem(await t.request('GET', '/api/v1/admin/notifications'), 401, 'unauthenticated');
      const ops = await t.operator();
      assert.equal((await t.request('GET', `/api/v1/admin/notifications?to=${encodeURIComponent(user.email)}`, { token: ops.token })).status, 200);
    });
  });
});
