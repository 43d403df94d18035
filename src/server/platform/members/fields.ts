// The columns a member is shown with (membership joined with its user), selected the same way by the
// member list, member detail and the operator's organization detail.
import { users } from '../../auth/schema.ts';
import { memberships } from './schema.ts';

export const memberFields = {
  id: memberships.id,
  userId: memberships.userId,
  name: users.name,
  email: users.email,
  role: memberships.role,
  status: memberships.status,
  createdAt: memberships.createdAt,
};
