// Identity calls (Better Auth under /api/auth). A sign-in or sign-out changes who every cached answer
// was for, so both drop the whole cache rather than guessing which entries survive.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { sessionQuery } from '../../lib/session';

export type SignInInput = { email: string; password: string };
export type SignUpInput = { name: string; email: string; password: string };

/** Better Auth's error codes that belong to one field, so forms can show them next to it. */
export const authFieldOf: Record<string, string> = {
  PASSWORD_TOO_SHORT: 'password',
  PASSWORD_TOO_LONG: 'password',
  INVALID_PASSWORD: 'password',
  INVALID_EMAIL: 'email',
  USER_ALREADY_EXISTS: 'email',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'email',
};

function useFreshSession() {
  const queryClient = useQueryClient();
  return async () => {
    queryClient.clear();
    await queryClient.fetchQuery(sessionQuery);
  };
}

export function useSignIn() {
  const fresh = useFreshSession();
  return useMutation({
    mutationFn: (input: SignInInput) => api.post('/api/auth/sign-in/email', input),
    onSuccess: fresh,
  });
}

export function useSignUp() {
  const fresh = useFreshSession();
  return useMutation({
    // The verification link in the welcome email comes back to the console's home.
    mutationFn: (input: SignUpInput) => api.post('/api/auth/sign-up/email', { ...input, callbackURL: '/' }),
    onSuccess: fresh,
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/api/auth/sign-out', {}),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(sessionQuery.queryKey, null);
    },
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) =>
      api.post('/api/auth/request-password-reset', { email, redirectTo: `${window.location.origin}/reset-password` }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (input: { token: string; newPassword: string }) => api.post('/api/auth/reset-password', input),
  });
}

export function useResendVerification() {
  return useMutation({
    mutationFn: (email: string) => api.post('/api/auth/send-verification-email', { email, callbackURL: '/' }),
  });
}
