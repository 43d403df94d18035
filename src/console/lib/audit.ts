// What an audit entry looks like and who can be its actor: shared by the organization's audit log
// and the operator's platform log (features may not import each other).
export type ActorType = 'user' | 'api_client' | 'operator' | 'system';

export const ACTOR_TYPES: { value: ActorType; label: string }[] = [
  { value: 'user', label: 'User' },
  { value: 'operator', label: 'Operator' },
  { value: 'api_client', label: 'API client' },
  { value: 'system', label: 'System' },
];

export type AuditEntry = {
  id: string;
  actorType: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  changes?: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: string;
};
