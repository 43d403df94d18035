import { Alert, Button, Paper, Stack, TextInput } from '@mantine/core';
import { hasLength, useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { fieldErrorsOf } from '../../lib/form-errors';
import { errorMessage } from '../../lib/notify';
import { useCreateOrganization } from './api';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function CreateOrganizationPage() {
  const navigate = useNavigate();
  const create = useCreateOrganization();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: '', slug: '', contactEmail: '' },
    validate: {
      name: hasLength({ min: 2, max: 100 }, 'Between 2 and 100 characters'),
      slug: (v) => (v && !SLUG.test(v) ? 'Lowercase letters, digits and single hyphens' : null),
    },
  });

  const submit = form.onSubmit((values) =>
    create.mutate(
      { name: values.name, slug: values.slug || undefined, contactEmail: values.contactEmail || undefined },
      {
        onSuccess: (org) => navigate(`/o/${org.slug}`),
        onError: (error) => {
          form.setErrors(fieldErrorsOf(error));
          if (isApiError(error) && error.code === 'slug_taken') form.setFieldError('slug', 'This slug is taken; choose another');
        },
      },
    ),
  );
  const showSummary = create.error && Object.keys(fieldErrorsOf(create.error)).length === 0 && !(isApiError(create.error) && create.error.code === 'slug_taken');

  return (
    <>
      <PageHeader title="Create an organization" description="A platform operator reviews new organizations before they become active." />
      <Paper withBorder p="lg" maw={560}>
        <form onSubmit={submit} aria-label="Create organization" noValidate>
          <Stack gap="sm">
            {showSummary && <Alert color="red" role="alert">{errorMessage(create.error)}</Alert>}
            <TextInput label="Name" required key={form.key('name')} {...form.getInputProps('name')} />
            <TextInput
              label="Slug"
              description="Its address: /o/your-slug. Leave empty to derive it from the name."
              key={form.key('slug')}
              {...form.getInputProps('slug')}
            />
            <TextInput label="Contact email" type="email" key={form.key('contactEmail')} {...form.getInputProps('contactEmail')} />
            <Button type="submit" loading={create.isPending} style={{ alignSelf: 'flex-start' }}>
              Create organization
            </Button>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
