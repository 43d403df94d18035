// One way to tell the user that something worked or failed, so every mutation reads the same.
import { notifications } from '@mantine/notifications';
import { isApiError } from './api';

export const errorMessage = (error: unknown) =>
  isApiError(error) ? error.detail : error instanceof Error ? error.message : 'Something went wrong';

export const notifyError = (error: unknown, title = 'That did not work') =>
  notifications.show({ color: 'red', title, message: errorMessage(error) });

export const notifySuccess = (message: string) => notifications.show({ color: 'green', message });
