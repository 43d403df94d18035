import { Fieldset, Switch } from '@mantine/core';
import type { SectionProps } from './form';

export function MembershipSection({ form, readOnly }: SectionProps) {
  return (
    <Fieldset legend="Joining" disabled={readOnly}>
      <Switch
        label="New members need approval"
        description="People who accept an invitation wait until an administrator approves them"
       
        {...form.getInputProps('joinApproval', { type: 'checkbox' })}
      />
    </Fieldset>
  );
}
