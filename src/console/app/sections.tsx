// The navigation registry: each screen of an organization and of the operator console, with the
// permission that shows it. The router and the navbar are both built from these lists, so adding a
// feature (modules, audit, webhooks…) is a feature folder plus one entry here.
import type { ReactNode } from 'react';
import {
  IconBuildingSkyscraper, IconHome, IconMail, IconSettings, IconShieldLock, IconUsers, IconUsersGroup, IconUserSearch,
  type Icon,
} from '@tabler/icons-react';
import { CreationWizardPage } from '../features/admin/wizard/CreationWizardPage';
import { DirectoryPage } from '../features/admin/DirectoryPage';
import { OrganizationDetailPage } from '../features/admin/OrganizationDetailPage';
import { UsersPage } from '../features/admin/UsersPage';
import { InvitationsPage } from '../features/invitations/InvitationsPage';
import { MembersPage } from '../features/members/MembersPage';
import { OverviewPage } from '../features/organizations/OverviewPage';
import { RolesPage } from '../features/roles/RolesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { TeamsPage } from '../features/teams/TeamsPage';
// Operations (audit, webhooks, events; operator audit and outbox)
import { IconHistory, IconInbox, IconTimeline, IconWebhook } from '@tabler/icons-react';
import { PlatformAuditPage } from '../features/admin-audit/PlatformAuditPage';
import { AuditLogPage } from '../features/audit/AuditLogPage';
import { EventsPage } from '../features/events/EventsPage';
import { OutboxPage } from '../features/outbox/OutboxPage';
import { EndpointDetailPage } from '../features/webhooks/EndpointDetailPage';
import { WebhooksPage } from '../features/webhooks/WebhooksPage';
// Modules (the modules page; each module's screens, shown while the module is enabled)
import { IconPuzzle } from '@tabler/icons-react';
import { billingSections } from '../features/billing/sections';
import { cooperativeSections } from '../features/cooperative/sections';
import { ModulesPage } from '../features/modules/ModulesPage';
import { projectsSections } from '../features/projects/sections';
import { schoolSections } from '../features/school/sections';

export type Section = {
  /** Relative to /o/:slug or /admin; '' is the index. */
  path: string;
  element: ReactNode;
  /** In the navbar when set; routes without a label (detail pages, wizards) are reachable by link only. */
  nav?: { label: string; icon: Icon };
  /** Shown, and routable, only for members whose role grants it. */
  permission?: string;
  /** A module's screen: in the navbar (under the module's name) only while the module is enabled. */
  module?: string;
};

export const orgSections: Section[] = [
  { path: '', element: <OverviewPage />, nav: { label: 'Overview', icon: IconHome } },
  { path: 'members', element: <MembersPage />, nav: { label: 'Members', icon: IconUsers }, permission: 'members:read' },
  { path: 'invitations', element: <InvitationsPage />, nav: { label: 'Invitations', icon: IconMail }, permission: 'invitations:read' },
  { path: 'teams', element: <TeamsPage />, nav: { label: 'Teams', icon: IconUsersGroup }, permission: 'teams:read' },
  { path: 'roles', element: <RolesPage />, nav: { label: 'Roles', icon: IconShieldLock }, permission: 'roles:read' },
  { path: 'settings', element: <SettingsPage />, nav: { label: 'Settings', icon: IconSettings }, permission: 'settings:read' },
  { path: 'audit', element: <AuditLogPage />, nav: { label: 'Audit log', icon: IconHistory }, permission: 'audit:read' },
  { path: 'webhooks', element: <WebhooksPage />, nav: { label: 'Webhooks', icon: IconWebhook }, permission: 'webhooks:read' },
  { path: 'webhooks/:endpointId', element: <EndpointDetailPage />, permission: 'webhooks:read' },
  { path: 'events', element: <EventsPage />, nav: { label: 'Events', icon: IconTimeline }, permission: 'events:read' },
  { path: 'modules', element: <ModulesPage />, nav: { label: 'Modules', icon: IconPuzzle }, permission: 'modules:read' },
  ...billingSections,
  ...cooperativeSections,
  ...schoolSections,
  ...projectsSections,
];

export const adminSections: Section[] = [
  { path: '', element: <DirectoryPage />, nav: { label: 'Organizations', icon: IconBuildingSkyscraper } },
  { path: 'organizations/new', element: <CreationWizardPage /> },
  { path: 'organizations/:id', element: <OrganizationDetailPage /> },
  { path: 'users', element: <UsersPage />, nav: { label: 'Users', icon: IconUserSearch } },
  { path: 'audit', element: <PlatformAuditPage />, nav: { label: 'Platform audit', icon: IconHistory } },
  { path: 'outbox', element: <OutboxPage />, nav: { label: 'Email outbox', icon: IconInbox } },
];
