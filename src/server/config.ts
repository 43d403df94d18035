// The only reader of process.env. Parsed once, with a readable list of problems on failure.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(16),
  TENANTRY_DATA_DIR: z.string().min(1).default('./.tenantry'),
  TENANTRY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TENANTRY_BASE_URL: z.url().optional(),
  TENANTRY_ADMIN_EMAIL: z.email().optional(),
  TENANTRY_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  TENANTRY_AUTO_APPROVE: bool.default(false),
  TENANTRY_RESTORE_WINDOW_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  TENANTRY_WORKER: z.enum(['inline', 'off']).default('inline'),
  TENANTRY_WORKER_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(1000),
  TENANTRY_WEBHOOK_ALLOW_PRIVATE: bool.optional(),
  TENANTRY_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5000),
  TENANTRY_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
  TENANTRY_WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).max(1000).default(20),
  TENANTRY_MAIL_FROM: z.string().min(3).default('Tenantry <no-reply@tenantry.local>'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  poolSize: number;
  dataDir: string;
  secret: string | undefined;
  baseUrl: string | undefined;
  bootstrapAdmin: { email: string; password: string | undefined } | undefined;
  autoApprove: boolean;
  restoreWindowDays: number;
  worker: { inline: boolean; pollMs: number };
  webhooks: { allowPrivate: boolean; retryBaseMs: number; maxAttempts: number; disableAfterFailures: number };
  smtpUrl: string | undefined;
  mailFrom: string;
  redisUrl: string | undefined;
  logLevel: string;
};

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset" (a common shell idiom: FOO= npm start).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.TENANTRY_SECRET) {
    throw new ConfigError(['TENANTRY_SECRET: required in production (32+ random characters)']);
  }
  if (e.TENANTRY_ADMIN_PASSWORD && !e.TENANTRY_ADMIN_EMAIL) {
    throw new ConfigError(['TENANTRY_ADMIN_EMAIL: required when TENANTRY_ADMIN_PASSWORD is set']);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.TENANTRY_DATA_DIR,
    secret: e.TENANTRY_SECRET,
    baseUrl: e.TENANTRY_BASE_URL,
    bootstrapAdmin: e.TENANTRY_ADMIN_EMAIL
      ? { email: e.TENANTRY_ADMIN_EMAIL.toLowerCase(), password: e.TENANTRY_ADMIN_PASSWORD }
      : undefined,
    autoApprove: e.TENANTRY_AUTO_APPROVE,
    restoreWindowDays: e.TENANTRY_RESTORE_WINDOW_DAYS,
    worker: { inline: e.TENANTRY_WORKER === 'inline', pollMs: e.TENANTRY_WORKER_POLL_MS },
    webhooks: {
      // Private and loopback targets are refused in production unless explicitly allowed.
      allowPrivate: e.TENANTRY_WEBHOOK_ALLOW_PRIVATE ?? e.NODE_ENV !== 'production',
      retryBaseMs: e.TENANTRY_WEBHOOK_RETRY_BASE_MS,
      maxAttempts: e.TENANTRY_WEBHOOK_MAX_ATTEMPTS,
      disableAfterFailures: e.TENANTRY_WEBHOOK_DISABLE_AFTER,
    },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.TENANTRY_MAIL_FROM,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
  };
}
