// Better Auth: email + password, cookie sessions for the console, bearer tokens for API clients,
// email verification and password reset delivered through the notification outbox, platform operators
// through the admin plugin (role 'admin'). Organizations are NOT Better Auth's: they are our own model.
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { admin, bearer } from 'better-auth/plugins';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/client.ts';
import { accounts, sessions, users, verifications } from './schema.ts';
import { enqueueNotification } from '../platform/notifications/outbox.ts';
import { SESSION_EXPIRES_IN_S, SESSION_UPDATE_AGE_S } from './fast-session.ts';

/** Better Auth's session cookie name (secure cookies get the __Secure- prefix). */
export const sessionCookieName = (production: boolean) => `${production ? '__Secure-' : ''}better-auth.session_token`;

export const OPERATOR_ROLE = 'admin';

export type AuthOptions = { db: Database; secret: string; baseUrl: string; log: Logger; production: boolean };

export function createAuth({ db, secret, baseUrl, log, production }: AuthOptions) {
  return betterAuth({
    appName: 'Tenantry',
    baseURL: baseUrl,
    basePath: '/api/auth',
    secret,
    telemetry: { enabled: false },
    database: drizzleAdapter(db.owner, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      sendResetPassword: async ({ user, url }) => {
        await enqueueNotification(db.owner, log, {
          kind: 'password_reset',
          to: user.email,
          subject: 'Reset your Tenantry password',
          text: `Someone asked to reset the password of ${user.email}.\nOpen this link to choose a new one (valid for one hour):\n${url}\nIf it was not you, ignore this message.`,
          payload: { url },
        });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      sendVerificationEmail: async ({ user, url }) => {
        await enqueueNotification(db.owner, log, {
          kind: 'email_verification',
          to: user.email,
          subject: 'Verify your email for Tenantry',
          text: `Welcome to Tenantry, ${user.name}.\nConfirm your email address by opening:\n${url}`,
          payload: { url },
        });
      },
    },
    session: {
      expiresIn: SESSION_EXPIRES_IN_S,
      updateAge: SESSION_UPDATE_AGE_S,
      additionalFields: {
        activeOrganizationId: { type: 'string', required: false, input: false },
      },
    },
    user: { deleteUser: { enabled: false } },
    plugins: [admin({ adminRoles: [OPERATOR_ROLE], defaultRole: 'user' }), bearer()],
    advanced: {
      // Session + user in one query per request (needs the drizzle relations in auth/schema.ts).
      database: { generateId: () => uuidv7(), joins: true },
      useSecureCookies: production,
    },
    rateLimit: { enabled: production },
    logger: {
      log: (level, message) => log[level]({ component: 'auth' }, message),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
