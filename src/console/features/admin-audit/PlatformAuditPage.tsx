import { Tabs } from '@mantine/core';
import { IconHistory, IconShieldX } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { PlatformAuditLog } from './PlatformAuditLog';
import { SecurityEventsLog } from './SecurityEventsLog';

/**
 * The operator's audit: actions taken on organizations and users, and refused attempts. The tab and an
 * organization filter can come from the URL (?tab=security, ?organizationId=…), so other screens can link here.
 */
export function PlatformAuditPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'security' ? 'security' : 'actions';
  return (
    <>
      <PageHeader title="Platform audit" description="Operator actions across every organization, and requests the platform refused." />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v === 'security' ? { tab: 'security' } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="actions" leftSection={<IconHistory size={16} />}>Operator actions</Tabs.Tab>
          <Tabs.Tab value="security" leftSection={<IconShieldX size={16} />}>Security events</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="actions">
          <PlatformAuditLog initialOrganizationId={params.get('organizationId')} />
        </Tabs.Panel>
        <Tabs.Panel value="security">
          <SecurityEventsLog />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
