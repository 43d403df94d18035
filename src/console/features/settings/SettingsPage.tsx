import { Alert, Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { isApiError } from '../../lib/api';
import { fieldErrorsOf, unplacedErrors } from '../../lib/form-errors';
import { organizationQuery } from '../../lib/org';
import { useOrg } from '../../lib/org-context';
import { errorMessage, notifySuccess } from '../../lib/notify';
import { AddressSection } from './AddressSection';
import { useUpdateOrganization } from './api';
import { BrandingSection } from './BrandingSection';
import { GeneralSection } from './GeneralSection';
import { MembershipSection } from './MembershipSection';
import { toPatch, toValues, type SettingsValues } from './settings-values';

const FIELDS = ['name', 'slug', 'contactEmail', 'language', 'timezone', 'currency', 'logoUrl', 'joinApproval', 'address', 'theme'];

export function SettingsPage() {
  const { slug, can } = useOrg();
  const navigate = useNavigate();
  const org = useQuery(organizationQuery(slug));
  const update = useUpdateOrganization(slug);
  const readOnly = !can('settings:update');
  const form = useForm<SettingsValues>();

  useEffect(() => {
    if (org.data && !form.initialized) form.initialize(toValues(org.data));
  }, [org.data, form]);

  // `#field` (the modules page links here to fix a requirement): bring that field into view, focused.
  const { hash, search } = useLocation();
  const fromModules = new URLSearchParams(search).get('from') === 'modules';
  useEffect(() => {
    const el = form.initialized && hash ? document.getElementById(`settings-${decodeURIComponent(hash.slice(1))}`) : null;
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  }, [hash, form.initialized]);

  if (org.isPending || !form.initialized) return org.isError ? <QueryError error={org.error} onRetry={() => org.refetch()} /> : <Loading />;

  const submit = form.onSubmit((values) =>
    update.mutate(toPatch(values, form.getInitialValues()), {
      onSuccess: (saved) => {
        notifySuccess('Settings saved');
        form.setInitialValues(toValues(saved));
        form.setValues(toValues(saved));
        if (saved.slug !== slug) navigate(`/o/${saved.slug}/settings`, { replace: true });
      },
      onError: (e) => {
        form.setErrors(fieldErrorsOf(e));
        if (isApiError(e) && e.code === 'slug_taken') form.setFieldError('slug', 'This slug is taken');
      },
    }),
  );
  const unplaced = update.error ? unplacedErrors(update.error, FIELDS) : [];
  const summary = update.error && !Object.keys(fieldErrorsOf(update.error)).length && !(isApiError(update.error) && update.error.code === 'slug_taken')
    ? errorMessage(update.error)
    : unplaced.join('; ');

  return (
    <>
      <PageHeader
        title="Settings"
        description={readOnly ? 'You can see these settings; your role does not let you change them.' : 'Identity, address, branding and joining rules.'}
      />
      <form onSubmit={submit} aria-label="Organization settings" noValidate>
        <Stack maw={880}>
          {summary && <Alert color="red" role="alert">{summary}</Alert>}
          {fromModules && (
            <Alert color="blue" title="Needed to enable a module">
              Fill in the field, save, then <Link to={`/o/${slug}/modules`}>go back to modules</Link>.
            </Alert>
          )}
          <GeneralSection form={form} readOnly={readOnly} />
          <AddressSection form={form} readOnly={readOnly} />
          <BrandingSection form={form} readOnly={readOnly} />
          <MembershipSection form={form} readOnly={readOnly} />
          {!readOnly && (
            <Group justify="flex-end">
              <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>Discard changes</Button>
              <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>Save settings</Button>
            </Group>
          )}
        </Stack>
      </form>
    </>
  );
}
