// The projects module's rows.
import type { ReferenceSource } from '../../components/resource';

export type ProjectStatus = 'PLANNED' | 'ACTIVE' | 'COMPLETED' | 'CANCELLED';
export type Project = {
  id: string; name: string; description: string | null; status: ProjectStatus; startDate: string | null; endDate: string | null;
  createdAt: string; updatedAt: string;
};
export type ParticipantRole = 'STAFF' | 'PARTNER' | 'PARTICIPANT' | 'GUARDIAN';
export type Participant = {
  id: string; projectId: string; membershipId: string | null; externalName: string | null; externalEmail: string | null;
  role: ParticipantRole; createdAt: string; updatedAt: string;
};

export const projectRef: ReferenceSource = { module: 'projects', resource: 'projects', label: (p: Project) => p.name };
export const PARTICIPANT_ROLES: ParticipantRole[] = ['STAFF', 'PARTNER', 'PARTICIPANT', 'GUARDIAN'];
