// Teams (M4) over real HTTP: create, rename, delete, per-organization unique names, team membership
// (ACTIVE members only), who may read and who may change, ids of another organization answering like
// random ids, and the link between teams and invitations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';
import { assertProblem } from './support/problems.ts';

type Res = { status: number; headers: Headers; json: any; text: string };
type User = { token: string; id: string; email: string; name: string };
type Ops = { id: string; token: string; email: string };
type Org = { id: string; slug: string; name: string };

function sansRequestId(res: Res) {
  const { requestId: _id, ...rest } = res.json ?? {};
  return { status: res.status, body: rest };
}

const parse = (p: unknown) => (typeof p === 'string' ? JSON.parse(p) : p) as Record<string, any>;

describe('teams', () => {
  let t: TestSystem;
  let ops: Ops;

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  const teamsPath = (org: Org) => `/api/v1/orgs/${org.id}/teams`;
  const createTeam = (org: Org, by: { token: string }, body: Record<string, unknown>) =>
    t.request('POST', teamsPath(org), { token: by.token, body });
  const teamMembers = (org: Org, teamId: string, by: { token: string }) =>
    t.request('GET', `${teamsPath(org)}/${teamId}/members`, { token: by.token });
  const addToTeam = (org: Org, teamId: string, membershipId: string, by: { token: string }) =>
    t.request('POST', `${teamsPath(org)}/${teamId}/members`, { token: by.token, body: { membershipId } });
  const removeFromTeam = (org: Org, teamId: string, membershipId: string, by: { token: string }) =>
    t.request('DELETE', `${teamsPath(org)}/${teamId}/members/${membershipId}`, { token: by.token });

  async function membershipId(org: Org, user: User) {
    const [row] = await t.db.query<{ id: string }>('select id from memberships where organization_id = $1 and user_id = $2', [org.id, user.id]);
    assert.ok(row, 'membership exists');
    return row.id;
  }

  async function membershipStatus(org: Org, user: User) {
    const [row] = await t.db.query<{ status: string }>('select status from memberships where organization_id = $1 and user_id = $2', [org.id, user.id]);
    return row?.status;
  }

  /** An ACTIVE organization with an OWNER, an ADMIN, a MEMBER and a READ_ONLY member, and their membership ids. */
  async function orgWithStaff(name: string) {
    const { org, owner } = await t.activeOrganization(ops, name);
    const admin = await t.signUp(`${name} Admin`);
    const member = await t.signUp(`${name} Member`);
    const reader = await t.signUp(`${name} Reader`);
    await addMember(t.db, org.id, admin.id, 'ADMIN');
    await addMember(t.db, org.id, member.id, 'MEMBER');
    await addMember(t.db, org.id, reader.id, 'READ_ONLY');
    return {
      org,
      owner,
      admin,
      member,
      reader,
      ids: {
        owner: await membershipId(org, owner),
        admin: await membershipId(org, admin),
        member: await membershipId(org, member),
        reader: await membershipId(org, reader),
      },
    };
  }

  async function newTeam(org: Org, by: { token: string }, name: string) {
    const res = await createTeam(org, by, { name });
    assert.equal(res.status, 201, res.text);
    return res.json as { id: string; name: string };
  }

  describe('managing teams', () => {
    test('create, rename and delete a team', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Team Crud Org');
      const created = await createTeam(org, owner, { name: 'Growers', description: 'Field people' });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.name, 'Growers');
      assert.equal(created.json.description, 'Field people');
      assert.equal(created.json.memberCount, 0);
      const id = created.json.id;

      const renamed = await t.request('PATCH', `${teamsPath(org)}/${id}`, { token: owner.token, body: { name: 'Farmers' } });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal(renamed.json.id, id);
      assert.equal(renamed.json.name, 'Farmers');
      assert.equal(renamed.json.description, 'Field people', 'untouched fields are kept');
      const described = await t.request('PATCH', `${teamsPath(org)}/${id}`, { token: owner.token, body: { description: null } });
      assert.equal(described.status, 200, described.text);
      assert.equal(described.json.description, null);

      const list = await t.request('GET', teamsPath(org), { token: owner.token });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json.items.map((x: any) => [x.id, x.name]), [[id, 'Farmers']]);

      const deleted = await t.request('DELETE', `${teamsPath(org)}/${id}`, { token: owner.token });
      assert.equal(deleted.status, 200, deleted.text);
      assert.deepEqual(deleted.json, { deleted: id });
      assert.deepEqual((await t.request('GET', teamsPath(org), { token: owner.token })).json.items, []);
      assertProblem(await teamMembers(org, id, owner), 404, 'not_found');
      assertProblem(await t.request('DELETE', `${teamsPath(org)}/${id}`, { token: owner.token }), 404, 'not_found');
      assertProblem(await t.request('PATCH', `${teamsPath(org)}/${id}`, { token: owner.token, body: { name: 'Back' } }), 404, 'not_found');
    });

    test('a duplicate name is 409, by create or by rename; the same name in another organization is fine', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Team Dup Org');
      await newTeam(org, owner, 'Alpha');
      const beta = await newTeam(org, owner, 'Beta');
      assertProblem(await createTeam(org, owner, { name: 'Alpha' }), 409, 'conflict');
      assertProblem(await t.request('PATCH', `${teamsPath(org)}/${beta.id}`, { token: owner.token, body: { name: 'Alpha' } }), 409, 'conflict');
      const list = await t.request('GET', teamsPath(org), { token: owner.token });
      assert.deepEqual(list.json.items.map((x: any) => x.name), ['Alpha', 'Beta'], 'nothing changed');
      const other = await t.activeOrganization(ops, 'Team Dup Other Org');
      assert.equal((await createTeam(other.org, other.owner, { name: 'Alpha' })).status, 201);
    });

    test('team bodies are validated: empty names and unknown fields are 400', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Team Validation Org');
      assertProblem(await createTeam(org, owner, { name: '' }), 400, 'validation_failed');
      assertProblem(await createTeam(org, owner, { name: 'X', organizationId: crypto.randomUUID() }), 400, 'validation_failed');
      const team = await newTeam(org, owner, 'Valid');
      assertProblem(await t.request('PATCH', `${teamsPath(org)}/${team.id}`, { token: owner.token, body: { memberCount: 5 } }), 400, 'validation_failed');
      assertProblem(await addToTeam(org, team.id, 'not-a-uuid', owner), 400, 'validation_failed');
    });

    test('MEMBER and READ_ONLY can read teams but not create, rename, delete or manage members (403); ADMIN can', async () => {
      const { org, owner, admin, member, reader, ids } = await orgWithStaff('Team Perms Org');
      const team = await newTeam(org, owner, 'Core');
      assert.equal((await addToTeam(org, team.id, ids.owner, owner)).status, 201);
      for (const who of [member, reader]) {
        const list = await t.request('GET', teamsPath(org), { token: who.token });
        assert.equal(list.status, 200, list.text);
        assert.deepEqual(list.json.items.map((x: any) => x.id), [team.id]);
        const members = await teamMembers(org, team.id, who);
        assert.equal(members.status, 200, members.text);
        assert.deepEqual(members.json.items.map((m: any) => m.membershipId), [ids.owner]);

        assertProblem(await createTeam(org, who, { name: `By ${who.name}` }), 403, 'forbidden');
        assertProblem(await t.request('PATCH', `${teamsPath(org)}/${team.id}`, { token: who.token, body: { name: 'Hijacked' } }), 403, 'forbidden');
        assertProblem(await t.request('DELETE', `${teamsPath(org)}/${team.id}`, { token: who.token }), 403, 'forbidden');
        assertProblem(await addToTeam(org, team.id, ids.member, who), 403, 'forbidden');
        assertProblem(await removeFromTeam(org, team.id, ids.owner, who), 403, 'forbidden');
      }
      const after = await t.request('GET', teamsPath(org), { token: owner.token });
      assert.deepEqual(after.json.items.map((x: any) => [x.name, x.memberCount]), [['Core', 1]], 'nothing was changed by the refused calls');

      const byAdmin = await createTeam(org, admin, { name: 'Admins Made This' });
      assert.equal(byAdmin.status, 201, byAdmin.text);
      assert.equal((await addToTeam(org, byAdmin.json.id, ids.member, admin)).status, 201);
      assert.equal((await t.request('PATCH', `${teamsPath(org)}/${byAdmin.json.id}`, { token: admin.token, body: { name: 'Renamed' } })).status, 200);
      assert.equal((await t.request('DELETE', `${teamsPath(org)}/${byAdmin.json.id}`, { token: admin.token })).status, 200);
    });

    test('a non-member gets 404 for the teams of an organization', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Team Outsider Org');
      const team = await newTeam(org, owner, 'Private');
      const outsider = await t.signUp('Outsider');
      assertProblem(await t.request('GET', teamsPath(org), { token: outsider.token }), 404, 'not_found');
      assertProblem(await teamMembers(org, team.id, outsider), 404, 'not_found');
      assertProblem(await createTeam(org, outsider, { name: 'Intruders' }), 404, 'not_found');
      assertProblem(await t.request('GET', teamsPath(org)), 401, 'unauthenticated');
    });
  });

  describe('team membership', () => {
    test('add, list and remove team members', async () => {
      const { org, owner, admin, member, ids } = await orgWithStaff('Team Members Org');
      const team = await newTeam(org, owner, 'Packers');
      const added = await addToTeam(org, team.id, ids.member, owner);
      assert.equal(added.status, 201, added.text);
      assert.deepEqual(added.json, { teamId: team.id, membershipId: ids.member });
      assert.equal((await addToTeam(org, team.id, ids.admin, owner)).status, 201);
      // Adding twice keeps one row.
      assert.equal((await addToTeam(org, team.id, ids.member, owner)).status, 201);

      const list = await teamMembers(org, team.id, owner);
      assert.equal(list.status, 200, list.text);
      const byId = new Map(list.json.items.map((m: any) => [m.membershipId, m]));
      assert.equal(list.json.items.length, 2);
      assert.deepEqual(
        { ...(byId.get(ids.member) as any), addedAt: undefined },
        { membershipId: ids.member, userId: member.id, name: member.name, email: member.email, role: 'MEMBER', addedAt: undefined },
      );
      assert.equal((byId.get(ids.admin) as any).userId, admin.id);
      const teamsList = await t.request('GET', teamsPath(org), { token: owner.token });
      assert.equal(teamsList.json.items[0].memberCount, 2);

      const removed = await removeFromTeam(org, team.id, ids.member, owner);
      assert.equal(removed.status, 200, removed.text);
      assert.deepEqual(removed.json, { removed: true });
      assert.deepEqual((await teamMembers(org, team.id, owner)).json.items.map((m: any) => m.membershipId), [ids.admin]);
      assertProblem(await removeFromTeam(org, team.id, ids.member, owner), 404, 'not_found');
      assert.equal(await membershipStatus(org, member), 'ACTIVE', 'leaving a team is not leaving the organization');
    });

    test('only ACTIVE members join a team: suspended or pending → 409 invalid_transition; reinstated → allowed', async () => {
      const { org, owner, member, ids } = await orgWithStaff('Team Active Only Org');
      const team = await newTeam(org, owner, 'Actives');
      const suspended = await t.request('POST', `/api/v1/orgs/${org.id}/members/${ids.member}/suspend`, { token: owner.token });
      assert.equal(suspended.status, 200, suspended.text);
      assertProblem(await addToTeam(org, team.id, ids.member, owner), 409, 'invalid_transition');

      const pendingUser = await t.signUp('Pending Person');
      await addMember(t.db, org.id, pendingUser.id, 'MEMBER', 'PENDING');
      assertProblem(await addToTeam(org, team.id, await membershipId(org, pendingUser), owner), 409, 'invalid_transition');
      assert.deepEqual((await teamMembers(org, team.id, owner)).json.items, []);

      const reinstated = await t.request('POST', `/api/v1/orgs/${org.id}/members/${ids.member}/reinstate`, { token: owner.token });
      assert.equal(reinstated.status, 200, reinstated.text);
      const ok = await addToTeam(org, team.id, ids.member, owner);
      assert.equal(ok.status, 201, ok.text);
      assert.deepEqual((await teamMembers(org, team.id, owner)).json.items.map((m: any) => m.userId), [member.id]);
    });

    test('a member removed from the organization leaves its teams', async () => {
      const { org, owner, ids } = await orgWithStaff('Team Removal Org');
      const team = await newTeam(org, owner, 'Temporary');
      assert.equal((await addToTeam(org, team.id, ids.member, owner)).status, 201);
      assert.equal((await addToTeam(org, team.id, ids.admin, owner)).status, 201);
      const removed = await t.request('DELETE', `/api/v1/orgs/${org.id}/members/${ids.member}`, { token: owner.token });
      assert.equal(removed.status, 200, removed.text);
      assert.deepEqual((await teamMembers(org, team.id, owner)).json.items.map((m: any) => m.membershipId), [ids.admin]);
      assertProblem(await addToTeam(org, team.id, ids.member, owner), 409, 'invalid_transition');
    });

    test('deleting a team removes only team memberships: members stay ACTIVE, invitations lose the team', async () => {
      const { org, owner, admin, member, ids } = await orgWithStaff('Team Delete Org');
      const doomed = await newTeam(org, owner, 'Doomed');
      const keeper = await newTeam(org, owner, 'Keeper');
      assert.equal((await addToTeam(org, doomed.id, ids.member, owner)).status, 201);
      assert.equal((await addToTeam(org, doomed.id, ids.admin, owner)).status, 201);
      assert.equal((await addToTeam(org, keeper.id, ids.member, owner)).status, 201);
      const email = `${t.unique('team-invitee')}@example.com`;
      const inv = await t.request('POST', `/api/v1/orgs/${org.id}/invitations`, { token: owner.token, body: { email, teamId: doomed.id } });
      assert.equal(inv.status, 201, inv.text);
      const keeperInv = await t.request('POST', `/api/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
        body: { email: `${t.unique('keeper-invitee')}@example.com`, teamId: keeper.id },
      });
      assert.equal(keeperInv.status, 201, keeperInv.text);

      const deleted = await t.request('DELETE', `${teamsPath(org)}/${doomed.id}`, { token: owner.token });
      assert.equal(deleted.status, 200, deleted.text);

      assert.equal(await membershipStatus(org, member), 'ACTIVE');
      assert.equal(await membershipStatus(org, admin), 'ACTIVE');
      assert.equal((await t.request('GET', `/api/v1/orgs/${org.id}/me`, { token: member.token })).status, 200);
      const rows = await t.db.query<{ team_id: string }>('select team_id from team_members where organization_id = $1', [org.id]);
      assert.deepEqual(rows.map((r) => r.team_id), [keeper.id], 'only the deleted team lost its memberships');
      const invs = await t.request('GET', `/api/v1/orgs/${org.id}/invitations`, { token: owner.token });
      const byId = new Map(invs.json.items.map((i: any) => [i.id, i.teamId]));
      assert.equal(byId.get(inv.json.id), null, 'the invitation no longer targets the deleted team');
      assert.equal(byId.get(keeperInv.json.id), keeper.id, 'other invitations keep their team');
      const [dbInv] = await t.db.query<{ team_id: string | null; status: string }>('select team_id, status from invitations where id = $1', [inv.json.id]);
      assert.equal(dbInv!.team_id, null);
      assert.equal(dbInv!.status, 'PENDING', 'the invitation itself stays valid');

      // The invitation still works, and joins no team.
      const user = await t.signUp('Late Joiner', email);
      await t.db.query('update users set email_verified = true where id = $1', [user.id]);
      const [row] = await t.db.query<{ payload: unknown }>(
        "select payload from notifications where kind = 'invitation' and to_email = $1 order by created_at desc limit 1",
        [email],
      );
      const accepted = await t.request('POST', `/api/v1/invitations/${parse(row!.payload).token}/accept`, { token: user.token });
      assert.equal(accepted.status, 200, accepted.text);
      const [n] = await t.db.query<{ n: number }>('select count(*)::int as n from team_members where membership_id = $1', [accepted.json.membershipId]);
      assert.equal(Number(n!.n), 0);
    });

    test('an invitation targeting a team adds the member to it on accept', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Team Invite Org');
      const team = await newTeam(org, owner, 'Welcome Team');
      const other = await newTeam(org, owner, 'Other Team');
      const user = await t.signUp('Team Joiner');
      await t.db.query('update users set email_verified = true where id = $1', [user.id]);
      const inv = await t.request('POST', `/api/v1/orgs/${org.id}/invitations`, { token: owner.token, body: { email: user.email, teamId: team.id } });
      assert.equal(inv.status, 201, inv.text);
      assert.deepEqual((await teamMembers(org, team.id, owner)).json.items, [], 'not in the team before accepting');
      const [row] = await t.db.query<{ payload: unknown }>(
        "select payload from notifications where kind = 'invitation' and to_email = $1 order by created_at desc limit 1",
        [user.email],
      );
      const accepted = await t.request('POST', `/api/v1/invitations/${parse(row!.payload).token}/accept`, { token: user.token });
      assert.equal(accepted.status, 200, accepted.text);
      const members = await teamMembers(org, team.id, user);
      assert.equal(members.status, 200, members.text);
      assert.deepEqual(members.json.items.map((m: any) => [m.membershipId, m.userId]), [[accepted.json.membershipId, user.id]]);
      assert.deepEqual((await teamMembers(org, other.id, owner)).json.items, [], 'only the invited team');
    });
  });

  describe('isolation', () => {
    test("team and member ids of another organization answer 404 exactly like random ids, and change nothing", async () => {
      const a = await orgWithStaff('Team Iso A');
      const b = await orgWithStaff('Team Iso B');
      const aTeam = await newTeam(a.org, a.owner, 'A Team');
      const bTeam = await newTeam(b.org, b.owner, 'B Team');
      assert.equal((await addToTeam(b.org, bTeam.id, b.ids.member, b.owner)).status, 201);
      const random = crypto.randomUUID();
      const by = a.owner;

      const pairs: [string, Res, Res][] = [
        ['rename', await t.request('PATCH', `${teamsPath(a.org)}/${bTeam.id}`, { token: by.token, body: { name: 'Stolen' } }),
          await t.request('PATCH', `${teamsPath(a.org)}/${random}`, { token: by.token, body: { name: 'Stolen' } })],
        ['delete', await t.request('DELETE', `${teamsPath(a.org)}/${bTeam.id}`, { token: by.token }),
          await t.request('DELETE', `${teamsPath(a.org)}/${random}`, { token: by.token })],
        ['list members', await teamMembers(a.org, bTeam.id, by), await teamMembers(a.org, random, by)],
        ['add to foreign team', await addToTeam(a.org, bTeam.id, a.ids.member, by), await addToTeam(a.org, random, a.ids.member, by)],
        ['add foreign member', await addToTeam(a.org, aTeam.id, b.ids.member, by), await addToTeam(a.org, aTeam.id, random, by)],
        ['remove foreign membership', await removeFromTeam(a.org, bTeam.id, b.ids.member, by), await removeFromTeam(a.org, random, random, by)],
        ['remove foreign member from own team', await removeFromTeam(a.org, aTeam.id, b.ids.member, by), await removeFromTeam(a.org, aTeam.id, random, by)],
      ];
      for (const [label, foreign, unknown] of pairs) {
        assertProblem(foreign, 404, 'not_found');
        assert.deepEqual(sansRequestId(foreign), sansRequestId(unknown), label);
      }
      // B's team is intact, and A's team got no foreign member.
      const bList = await t.request('GET', teamsPath(b.org), { token: b.owner.token });
      assert.deepEqual(bList.json.items.map((x: any) => [x.id, x.name, x.memberCount]), [[bTeam.id, 'B Team', 1]]);
      assert.deepEqual((await teamMembers(a.org, aTeam.id, a.owner)).json.items, []);
      const aList = await t.request('GET', teamsPath(a.org), { token: a.owner.token });
      assert.deepEqual(aList.json.items.map((x: any) => x.id), [aTeam.id], "A's list shows only A's teams");
      // Control: the right organization reaches its own team.
      assert.equal((await t.request('PATCH', `${teamsPath(b.org)}/${bTeam.id}`, { token: b.owner.token, body: { name: 'B Renamed' } })).status, 200);
      assert.equal((await addToTeam(a.org, aTeam.id, a.ids.member, by)).status, 201);
    });
  });
});
