// Invitations: managed under /orgs/{org}/invitations; looked up (public) and answered by token.
import { createRoute, z } from '@hono/zod-openapi';
import type { Database } from '../../db/client.ts';
import { errors, json, jsonBody, router } from '../../http/openapi.ts';
import { principalOf } from '../../http/middleware.ts';
import { OrgParam } from '../organizations/schemas.ts';
import { RoleKey } from '../roles/schemas.ts';
import * as invitations from './service.ts';

const tags = ['Invitations'];
const refusals = { 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] };
const STATUS = ['PENDING', 'ACCEPTED', 'REJECTED', 'REVOKED', 'EXPIRED'] as const;

const Invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.string(),
    teamId: z.uuid().nullable(),
    message: z.string().nullable(),
    status: z.enum(STATUS),
    expiresAt: z.string(),
    invitedBy: z.uuid(),
    respondedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Invitation');

const InvitationParams = OrgParam.extend({ invitationId: z.uuid().openapi({ param: { name: 'invitationId', in: 'path' } }) });
const TokenParam = z.object({ token: z.string().min(1).max(128).openapi({ param: { name: 'token', in: 'path' } }) });

const list = createRoute({
  method: 'get', path: '/orgs/{org}/invitations', tags, summary: 'List invitations by status',
  request: {
    params: OrgParam,
    query: z.object({ status: z.enum(STATUS).optional(), limit: z.coerce.number().int().min(1).max(200).default(100) }).strict(),
  },
  responses: { 200: json(z.object({ items: z.array(Invitation) }), 'Invitations'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
});

const create = createRoute({
  method: 'post', path: '/orgs/{org}/invitations', tags,
  summary: 'Invite by email (replaces a pending invitation to the same email); the link goes out by email',
  request: {
    params: OrgParam,
    body: jsonBody(
      z
        .object({
          email: z.email().max(254),
          role: RoleKey.default('MEMBER'),
          teamId: z.uuid().nullable().optional(),
          expiresInDays: z.number().int().min(1).max(30).optional(),
          message: z.string().trim().max(1000).nullable().optional(),
        })
        .strict(),
    ),
  },
  responses: {
    201: json(Invitation.extend({ replacedInvitationId: z.uuid().nullable() }), 'Invited'),
    400: errors[400],
    415: errors[415],
    ...refusals,
  },
});

const action = (name: 'resend' | 'revoke', summary: string) =>
  createRoute({
    method: 'post', path: `/orgs/{org}/invitations/{invitationId}/${name}`, tags, summary,
    request: { params: InvitationParams },
    responses: { 200: json(Invitation, 'The invitation'), ...refusals },
  });

const lookup = createRoute({
  method: 'get', path: '/invitations/{token}', tags,
  summary: 'Public: what an invitation link shows. Unknown, expired, used and revoked tokens all answer 404',
  request: { params: TokenParam },
  responses: {
    200: json(
      z.object({
        organization: z.object({ name: z.string(), slug: z.string(), logoUrl: z.string().nullable() }),
        inviter: z.object({ name: z.string() }),
        email: z.string(),
        role: z.string(),
        message: z.string().nullable(),
        expiresAt: z.string(),
      }),
      'The invitation',
    ),
    404: errors[404],
  },
});

const accept = createRoute({
  method: 'post', path: '/invitations/{token}/accept', tags,
  summary: 'Accept as the signed-in user whose verified email was invited (idempotent)',
  request: { params: TokenParam },
  responses: {
    200: json(
      z.object({
        organization: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
        membershipId: z.uuid(),
        status: z.enum(['ACTIVE', 'PENDING', 'ALREADY_ACCEPTED']),
      }),
      'Joined (PENDING when the organization requires approval)',
    ),
    ...refusals,
  },
});

const reject = createRoute({
  method: 'post', path: '/invitations/{token}/reject', tags, summary: 'Decline an invitation',
  request: { params: TokenParam },
  responses: { 200: json(z.object({ rejected: z.literal(true) }), 'Declined'), ...refusals },
});

export function invitationRoutes(db: Database, consoleUrl: string) {
  return router()
    .openapi(list, async (c) => c.json(await invitations.listInvitations(db, c.var.tenant, c.req.valid('query')), 200))
    .openapi(create, async (c) =>
      c.json(await invitations.createInvitation({ db, log: c.var.log, consoleUrl }, c.var.tenant, principalOf(c).user, c.req.valid('json')), 201),
    )
    .openapi(action('resend', 'Resend with a new token (the old link stops working)'), async (c) =>
      c.json(await invitations.resendInvitation({ db, log: c.var.log, consoleUrl }, c.var.tenant, principalOf(c).user, c.req.valid('param').invitationId), 200),
    )
    .openapi(action('revoke', 'Revoke a pending invitation'), async (c) =>
      c.json(await invitations.revokeInvitation(db, c.var.tenant, c.req.valid('param').invitationId), 200),
    )
    .openapi(lookup, async (c) => c.json(await invitations.lookupInvitation(db, c.req.valid('param').token), 200))
    .openapi(accept, async (c) => c.json(await invitations.acceptInvitation(db, principalOf(c), c.req.valid('param').token), 200))
    .openapi(reject, async (c) => c.json(await invitations.rejectInvitation(db, principalOf(c), c.req.valid('param').token), 200));
}
