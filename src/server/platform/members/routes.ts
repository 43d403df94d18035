// Member management, /me, leaving and ownership transfer under /orgs/{org}.
import { createRoute, z } from '@hono/zod-openapi';
import type { Database } from '../../db/client.ts';
import { errors, json, jsonBody, router } from '../../http/openapi.ts';
import { MemberSchema, OrgParam } from '../organizations/schemas.ts';
import { TRANSFER_STATUSES } from './schema.ts';
import * as members from './service.ts';
import * as ownership from './ownership.ts';
import { RoleKey } from '../roles/schemas.ts';

const tags = ['Members'];
const MemberParams = OrgParam.extend({ memberId: z.uuid().openapi({ param: { name: 'memberId', in: 'path' } }) });
const refusals = { 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] };

const getMember = createRoute({
  method: 'get', path: '/orgs/{org}/members/{memberId}', tags, summary: 'Get a member',
  request: { params: MemberParams },
  responses: { 200: json(MemberSchema, 'The member'), ...refusals },
});

const changeRole = createRoute({
  method: 'patch', path: '/orgs/{org}/members/{memberId}', tags,
  summary: "Change a member's role (never above your own; only an owner makes or changes an owner)",
  request: { params: MemberParams, body: jsonBody(z.object({ role: RoleKey }).strict()) },
  responses: { 200: json(MemberSchema, 'Updated'), 400: errors[400], 415: errors[415], ...refusals },
});

const transitionRoute = (action: 'suspend' | 'reinstate' | 'approve' | 'reject', summary: string) =>
  createRoute({
    method: 'post', path: `/orgs/{org}/members/{memberId}/${action}`, tags, summary,
    request: { params: MemberParams },
    responses: { 200: json(MemberSchema, 'The member after the change'), ...refusals },
  });

const removeMember = createRoute({
  method: 'delete', path: '/orgs/{org}/members/{memberId}', tags, summary: 'Remove a member (the last owner cannot be removed)',
  request: { params: MemberParams },
  responses: { 200: json(MemberSchema, 'The removed membership'), ...refusals },
});

const leaveOrg = createRoute({
  method: 'post', path: '/orgs/{org}/leave', tags, summary: 'Leave the organization (the last owner cannot leave)',
  request: { params: OrgParam },
  responses: { 200: json(z.object({ left: z.literal(true) }), 'Left'), ...refusals },
});

const MeSchema = z
  .object({
    organization: z.object({ id: z.uuid(), slug: z.string(), name: z.string(), status: z.string() }),
    membership: MemberSchema,
    role: z.string(),
    permissions: z.array(z.string()),
  })
  .openapi('OrganizationMe');

const me = createRoute({
  method: 'get', path: '/orgs/{org}/me', tags, summary: 'My membership, role and effective permissions here',
  request: { params: OrgParam },
  responses: { 200: json(MeSchema, 'Me'), 401: errors[401], 403: errors[403], 404: errors[404] },
});

const Transfer = z
  .object({
    id: z.uuid(),
    fromMembershipId: z.uuid(),
    toMembershipId: z.uuid(),
    status: z.enum(TRANSFER_STATUSES),
    createdAt: z.string(),
    respondedAt: z.string().nullable(),
  })
  .openapi('OwnershipTransfer');
const TransferParams = OrgParam.extend({ transferId: z.uuid().openapi({ param: { name: 'transferId', in: 'path' } }) });

const listTransfers = createRoute({
  method: 'get', path: '/orgs/{org}/ownership-transfers', tags, summary: 'Ownership transfer offers (owners: all; others: addressed to me)',
  request: { params: OrgParam },
  responses: { 200: json(z.object({ items: z.array(Transfer) }), 'Offers'), 401: errors[401], 403: errors[403], 404: errors[404] },
});

const offerTransfer = createRoute({
  method: 'post', path: '/orgs/{org}/ownership-transfers', tags, summary: 'Offer ownership to an active member (owner only)',
  request: { params: OrgParam, body: jsonBody(z.object({ toMembershipId: z.uuid() }).strict()) },
  responses: { 201: json(Transfer, 'Offered'), 400: errors[400], 415: errors[415], ...refusals },
});

const answerRoute = (answer: 'accept' | 'decline' | 'cancel', summary: string) =>
  createRoute({
    method: 'post', path: `/orgs/{org}/ownership-transfers/{transferId}/${answer}`, tags, summary,
    request: { params: TransferParams },
    responses: { 200: json(Transfer, 'The offer after the answer'), ...refusals },
  });

export function memberRoutes(db: Database) {
  const r = router()
    .openapi(getMember, async (c) => c.json(await members.getMember(db, c.var.tenant, c.req.valid('param').memberId), 200))
    .openapi(changeRole, async (c) =>
      c.json(await members.changeRole(db, c.var.tenant, c.req.valid('param').memberId, c.req.valid('json').role), 200),
    )
    .openapi(removeMember, async (c) => c.json(await members.transitionMember(db, c.var.tenant, c.req.valid('param').memberId, 'remove'), 200))
    .openapi(leaveOrg, async (c) => c.json(await members.leave(db, c.var.tenant), 200))
    .openapi(me, async (c) => c.json(await members.me(db, c.var.tenant), 200))
    .openapi(listTransfers, async (c) => c.json(await ownership.listTransfers(db, c.var.tenant), 200))
    .openapi(offerTransfer, async (c) => c.json(await ownership.offerTransfer(db, c.var.tenant, c.req.valid('json').toMembershipId), 201));
  for (const [action, summary] of [
    ['suspend', 'Suspend a member (role kept)'],
    ['reinstate', 'Reinstate a suspended member'],
    ['approve', 'Approve a member waiting for join approval'],
    ['reject', 'Reject a member waiting for join approval'],
  ] as const) {
    r.openapi(transitionRoute(action, summary), async (c) =>
      c.json(await members.transitionMember(db, c.var.tenant, c.req.valid('param').memberId, action), 200),
    );
  }
  for (const [answer, summary] of [
    ['accept', 'Accept an ownership offer addressed to me: roles swap atomically'],
    ['decline', 'Decline an ownership offer addressed to me'],
    ['cancel', 'Cancel a pending offer (owners)'],
  ] as const) {
    r.openapi(answerRoute(answer, summary), async (c) =>
      c.json(await ownership.respondToTransfer(db, c.var.tenant, c.req.valid('param').transferId, answer), 200),
    );
  }
  return r;
}
