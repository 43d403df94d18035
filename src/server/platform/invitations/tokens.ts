// Invitation tokens: 256 random bits, sent only in the email; the database keeps a SHA-256 of it.
import { createHash, randomBytes } from 'node:crypto';

export const newInvitationToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);
