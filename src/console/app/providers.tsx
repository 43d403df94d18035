// Everything the console needs around its routes: query cache, theme (with branding), modals and
// notifications. Fonts and Mantine's CSS are bundled: nothing loads from the network.
import type { ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import '@fontsource-variable/inter';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import 'mantine-datatable/styles.css';
import { BrandedMantineProvider } from './branding';
import { createQueryClient } from './query-client';

const queryClient = createQueryClient();

export function Providers({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <BrandedMantineProvider>
        <ModalsProvider labels={{ confirm: 'Confirm', cancel: 'Cancel' }}>
          <Notifications position="top-right" />
          {children}
        </ModalsProvider>
      </BrandedMantineProvider>
    </QueryClientProvider>
  );
}
