// Route guards: signed in, operator, and "my role here grants this screen". They decide what is shown;
// the API decides what is allowed (a hidden screen is a courtesy, a 403 is the rule).
import type { ReactNode } from 'react';
import { Button } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { FullPageMessage } from '../components/FullPageMessage';
import { Loading } from '../components/Loading';
import { QueryError } from '../components/QueryError';
import { useOrg } from '../lib/org-context';
import { withNext } from '../lib/redirect';
import { useSession } from '../lib/session';

export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading label="Checking your session" />;
  if (session.isError) return <QueryError error={session.error} onRetry={() => session.refetch()} />;
  if (!session.data) return <Navigate to={withNext('/sign-in', location.pathname + location.search)} replace />;
  return <Outlet />;
}

const noAccess = (text: string) => (
  <FullPageMessage icon={<IconLock />} color="gray" title="Not available to you" actions={<Button component={Link} to="/" variant="default">Your organizations</Button>}>
    {text}
  </FullPageMessage>
);

export function RequireOperator() {
  const { data: user } = useSession();
  if (!user?.isOperator) return noAccess('The operator console is for platform operators.');
  return <Outlet />;
}

export function RequirePermission({ permission, children }: { permission: string | undefined; children: ReactNode }) {
  const { can } = useOrg();
  if (permission && !can(permission)) return noAccess('Your role in this organization does not include this screen.');
  return <>{children}</>;
}
