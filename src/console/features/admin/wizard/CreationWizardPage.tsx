import { useState } from 'react';
import { Alert, Button, Group, Paper, Stepper } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { errorMessage } from '../../../lib/notify';
import { useCreationWizard, type AdminUser } from '../api';
import { CompletedStep } from './CompletedStep';
import { DetailsStep } from './DetailsStep';
import { ExistingOwnerStep } from './ExistingOwnerStep';
import { ModeStep } from './ModeStep';
import { NewOwnerStep } from './NewOwnerStep';
import { ReviewStep } from './ReviewStep';
import { STEP, stepForError, validateStep } from './steps';
import { initialWizardValues, toWizardInput, type WizardValues } from './values';

/**
 * Operator creation wizard (T2): owner mode → owner → details → review (a dry run of the exact call)
 * → create. Everything is one atomic API call; a refusal sends the operator back to the step at fault.
 */
export function CreationWizardPage() {
  const [active, setActive] = useState<number>(STEP.mode);
  const [owner, setOwner] = useState<AdminUser | null>(null);
  const form = useForm<WizardValues>({ initialValues: initialWizardValues });
  const dryRun = useCreationWizard();
  const create = useCreationWizard();

  const goBackToFault = (error: unknown) => {
    const { step, errors } = stepForError(error);
    form.setErrors(errors);
    setActive(step);
  };

  const review = () => {
    setActive(STEP.review);
    dryRun.mutate(toWizardInput(form.values, true), { onError: goBackToFault });
  };

  const next = () => {
    const errors = validateStep(active, form.values);
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    if (active === STEP.details) review();
    else setActive(active + 1);
  };

  const submit = () => create.mutate(toWizardInput(form.values, false), { onSuccess: () => setActive(STEP.done), onError: goBackToFault });

  return (
    <>
      <PageHeader title="New organization" description="Create an organization and its owner in one step." />
      <Paper withBorder p="lg">
        <Stepper active={active} onStepClick={(s) => s < active && active !== STEP.done && setActive(s)} allowNextStepsSelect={false} size="sm">
          <Stepper.Step label="Owner type" description="Existing or new user">
            <ModeStep form={form} />
          </Stepper.Step>
          <Stepper.Step label="Owner" description={form.values.mode === 'existing' ? 'Find the user' : 'Their account'}>
            {form.values.mode === 'existing' ? <ExistingOwnerStep form={form} onPick={setOwner} /> : <NewOwnerStep form={form} />}
          </Stepper.Step>
          <Stepper.Step label="Details" description="The organization">
            <DetailsStep form={form} />
          </Stepper.Step>
          <Stepper.Step label="Review" description="Check, then create">
            <ReviewStep values={form.values} owner={owner} check={{ pending: dryRun.isPending, result: dryRun.data, error: dryRun.error }} />
            {create.error && <Alert mt="md" color="red" role="alert">{errorMessage(create.error)}</Alert>}
          </Stepper.Step>
          <Stepper.Completed>{create.data && <CompletedStep result={create.data} />}</Stepper.Completed>
        </Stepper>
        {active !== STEP.done && (
          <Group justify="space-between" mt="xl">
            {active === STEP.mode ? <Button component={Link} to="/admin" variant="default">Cancel</Button> : <Button variant="default" onClick={() => setActive(active - 1)}>Back</Button>}
            {active === STEP.review ? (
              <Button onClick={submit} loading={create.isPending} disabled={dryRun.isPending || !dryRun.isSuccess}>Create organization</Button>
            ) : (
              <Button onClick={next}>Next</Button>
            )}
          </Group>
        )}
      </Paper>
    </>
  );
}
