import { useEffect } from 'react';
import { Alert, Button, Drawer, Group, Radio, Select, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { api } from '../../lib/api';
import { fieldErrorsOf, unplacedErrors } from '../../lib/form-errors';
import { errorMessage, notifySuccess } from '../../lib/notify';
import { resourcePath, useModuleMutation } from './api';
import { appliesTo, bodyOf, formValuesOf } from './form-values';
import { MemberSelect, ReferenceSelect } from './references';
import type { FieldSpec, FormValues, ResourceSpec, Row } from './types';

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function Field({ field, form }: { field: FieldSpec; form: UseFormReturnType<FormValues> }) {
  const common = {
    label: field.label,
    description: field.description,
    placeholder: field.placeholder,
    required: field.required,
  };
  // Selects: an empty value is null (Mantine reads '' as a chosen value and offers to clear it).
  const choice = () => {
    const props = form.getInputProps(field.name);
    return { ...props, value: props.value || null };
  };
  switch (field.kind ?? 'text') {
    case 'textarea':
      return <Textarea {...common} autosize minRows={2} maxLength={field.maxLength} {...form.getInputProps(field.name)} />;
    case 'date':
      return <TextInput {...common} type="date" {...form.getInputProps(field.name)} />;
    case 'decimal':
      return <TextInput {...common} inputMode="decimal" {...form.getInputProps(field.name)} />;
    case 'email':
      return <TextInput {...common} type="email" maxLength={field.maxLength} {...form.getInputProps(field.name)} />;
    case 'select':
      return <Select {...common} data={field.options ?? []} clearable={!field.required} allowDeselect={!field.required} {...choice()} />;
    case 'reference':
      return <ReferenceSelect {...common} source={field.reference!} clearable={!field.required} {...choice()} />;
    case 'member':
      return <MemberSelect {...common} clearable={!field.required} {...choice()} />;
    case 'switch':
      return <Switch label={field.label} description={field.description} {...form.getInputProps(field.name, { type: 'checkbox' })} />;
    case 'segmented':
      return (
        <Radio.Group {...common} {...form.getInputProps(field.name)}>
          <Group mt={6}>
            {(field.options ?? []).map((o) => <Radio key={o.value} value={o.value} label={o.label} />)}
          </Group>
        </Radio.Group>
      );
    default:
      return <TextInput {...common} maxLength={field.maxLength} {...form.getInputProps(field.name)} />;
  }
}

/**
 * The create/edit drawer of a resource, built from its field spec. `record`: undefined = closed,
 * null = create, a row = edit it. The API's field errors show next to their fields; the rest above.
 */
export function ResourceForm<T extends Row>({ spec, record, onClose, onSaved }: {
  spec: ResourceSpec<T>;
  record: T | null | undefined;
  onClose: () => void;
  onSaved?: (saved: T, created: boolean) => void;
}) {
  const fields = spec.fields ?? [];
  const editing = !!record;
  const visibleFields = fields.filter((f) => appliesTo(f, editing));
  const form = useForm<FormValues>({ mode: 'controlled', initialValues: formValuesOf(fields, null) });
  const save = useModuleMutation(spec.module, ({ id, body }: { id?: string; body: Record<string, unknown> }, slug) =>
    id
      ? api.patch<T>(resourcePath(slug, spec.module, spec.resource, `/${id}`), body)
      : api.post<T>(resourcePath(slug, spec.module, spec.resource), body),
  );

  useEffect(() => {
    if (record === undefined) return;
    const values = formValuesOf(fields, record ? (spec.toForm?.(record) ?? (record as unknown as FormValues)) : null);
    form.setInitialValues(values);
    form.setValues(values);
    form.clearErrors();
    save.reset();
    // Re-initialize when another row (or "new") is opened only.
  }, [record]);

  const submit = form.onSubmit((values) => {
    const body = bodyOf(fields, values, record ? form.getInitialValues() : null);
    if (record && !Object.keys(body).length) return onClose();
    save.mutate(
      { id: record?.id, body },
      {
        onSuccess: (saved) => {
          notifySuccess(`${capitalized(spec.singular)} saved`);
          onClose();
          onSaved?.(saved, !record);
        },
        onError: (e) => form.setErrors(fieldErrorsOf(e)),
      },
    );
  });

  const placed = Object.keys(fieldErrorsOf(save.error)).length > 0;
  const unplaced = save.error ? unplacedErrors(save.error, visibleFields.map((f) => f.name)) : [];
  const summary = save.error && !placed ? errorMessage(save.error) : unplaced.join('; ');
  const title = record ? `Edit ${spec.singular} ${spec.label(record)}` : `New ${spec.singular}`;

  return (
    <Drawer opened={record !== undefined} onClose={onClose} position="right" size="md" title={title}>
      <form onSubmit={submit} aria-label={record ? `Edit ${spec.singular}` : `New ${spec.singular}`} noValidate>
        <Stack gap="sm">
          {summary && <Alert color="red" role="alert">{summary}</Alert>}
          {visibleFields.filter((f) => !f.visible || f.visible(form.values)).map((f) => <Field key={f.name} field={f} form={form} />)}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending}>{record ? 'Save changes' : `Create ${spec.singular}`}</Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
