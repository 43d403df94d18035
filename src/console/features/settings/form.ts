import type { UseFormReturnType } from '@mantine/form';
import type { SettingsValues } from './settings-values';

/** What every settings section receives: the one form, and whether I may change it. */
export type SectionProps = { form: UseFormReturnType<SettingsValues>; readOnly: boolean };
