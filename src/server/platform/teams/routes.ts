// Teams and team membership under /orgs/{org}/teams.
import { createRoute, z } from '@hono/zod-openapi';
import type { Database } from '../../db/client.ts';
import { errors, json, jsonBody, router } from '../../http/openapi.ts';
import { OrgParam } from '../organizations/schemas.ts';
import * as teams from './service.ts';

const tags = ['Teams'];
const refusals = { 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] };
const TeamParams = OrgParam.extend({ teamId: z.uuid().openapi({ param: { name: 'teamId', in: 'path' } }) });
const TeamMemberParams = TeamParams.extend({ memberId: z.uuid().openapi({ param: { name: 'memberId', in: 'path' } }) });
const Team = z
  .object({ id: z.uuid(), name: z.string(), description: z.string().nullable(), memberCount: z.number().int(), createdAt: z.string() })
  .openapi('Team');
const TeamInput = z.object({ name: z.string().trim().min(1).max(100), description: z.string().max(500).nullable().optional() }).strict();

const list = createRoute({
  method: 'get', path: '/orgs/{org}/teams', tags, summary: 'List teams',
  request: { params: OrgParam },
  responses: { 200: json(z.object({ items: z.array(Team) }), 'Teams'), 401: errors[401], 403: errors[403], 404: errors[404] },
});
const create = createRoute({
  method: 'post', path: '/orgs/{org}/teams', tags, summary: 'Create a team',
  request: { params: OrgParam, body: jsonBody(TeamInput) },
  responses: { 201: json(Team, 'Created'), 400: errors[400], 415: errors[415], ...refusals },
});
const update = createRoute({
  method: 'patch', path: '/orgs/{org}/teams/{teamId}', tags, summary: 'Rename or describe a team',
  request: { params: TeamParams, body: jsonBody(TeamInput.partial().strict()) },
  responses: { 200: json(Team, 'Updated'), 400: errors[400], 415: errors[415], ...refusals },
});
const remove = createRoute({
  method: 'delete', path: '/orgs/{org}/teams/{teamId}', tags, summary: 'Delete a team (members stay in the organization)',
  request: { params: TeamParams },
  responses: { 200: json(z.object({ deleted: z.uuid() }), 'Deleted'), ...refusals },
});
const listMembers = createRoute({
  method: 'get', path: '/orgs/{org}/teams/{teamId}/members', tags, summary: "A team's members",
  request: { params: TeamParams },
  responses: {
    200: json(
      z.object({
        items: z.array(
          z.object({ membershipId: z.uuid(), userId: z.uuid(), name: z.string(), email: z.string(), role: z.string(), addedAt: z.string() }),
        ),
      }),
      'Team members',
    ),
    ...refusals,
  },
});
const addMember = createRoute({
  method: 'post', path: '/orgs/{org}/teams/{teamId}/members', tags, summary: 'Add an active member to the team',
  request: { params: TeamParams, body: jsonBody(z.object({ membershipId: z.uuid() }).strict()) },
  responses: { 201: json(z.object({ teamId: z.uuid(), membershipId: z.uuid() }), 'Added'), 400: errors[400], 415: errors[415], ...refusals },
});
const removeMember = createRoute({
  method: 'delete', path: '/orgs/{org}/teams/{teamId}/members/{memberId}', tags, summary: 'Remove a member from the team',
  request: { params: TeamMemberParams },
  responses: { 200: json(z.object({ removed: z.literal(true) }), 'Removed'), ...refusals },
});

export function teamRoutes(db: Database) {
  return router()
    .openapi(list, async (c) => c.json(await teams.listTeams(db, c.var.tenant), 200))
    .openapi(create, async (c) => c.json(await teams.createTeam(db, c.var.tenant, c.req.valid('json')), 201))
    .openapi(update, async (c) => c.json(await teams.updateTeam(db, c.var.tenant, c.req.valid('param').teamId, c.req.valid('json')), 200))
    .openapi(remove, async (c) => c.json(await teams.deleteTeam(db, c.var.tenant, c.req.valid('param').teamId), 200))
    .openapi(listMembers, async (c) => c.json(await teams.listTeamMembers(db, c.var.tenant, c.req.valid('param').teamId), 200))
    .openapi(addMember, async (c) =>
      c.json(await teams.addTeamMember(db, c.var.tenant, c.req.valid('param').teamId, c.req.valid('json').membershipId), 201),
    )
    .openapi(removeMember, async (c) =>
      c.json(await teams.removeTeamMember(db, c.var.tenant, c.req.valid('param').teamId, c.req.valid('param').memberId), 200),
    );
}
