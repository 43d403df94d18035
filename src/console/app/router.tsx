// The console's routes. Organization and operator screens come from the section registry
// (sections.tsx); everything else is listed here.
import { createBrowserRouter, type RouteObject } from 'react-router';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage';
import { SignInPage } from '../features/auth/SignInPage';
import { SignUpPage } from '../features/auth/SignUpPage';
import { VerifyEmailNotice } from '../features/auth/VerifyEmailNotice';
import { AcceptInvitationPage } from '../features/invitations/AcceptInvitationPage';
import { CreateOrganizationPage } from '../features/organizations/CreateOrganizationPage';
import { MyOrganizationsPage } from '../features/organizations/MyOrganizationsPage';
import { RequireAuth, RequireOperator, RequirePermission } from './guards';
import { NotFoundPage } from './NotFoundPage';
import { OrgLayout } from './OrgLayout';
import { RouteError } from './RouteError';
import { adminSections, orgSections, type Section } from './sections';
import { AppLayout } from './shell/AppLayout';

const routesOf = (sections: Section[], guard: boolean): RouteObject[] =>
  sections.map((s) => {
    const element = guard ? <RequirePermission permission={s.permission}>{s.element}</RequirePermission> : s.element;
    return s.path ? { path: s.path, element } : { index: true, element };
  });

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-up', element: <SignUpPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/invitations/:token', element: <AcceptInvitationPage notice={<VerifyEmailNotice />} /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <MyOrganizationsPage /> },
              { path: '/orgs/new', element: <CreateOrganizationPage /> },
              { path: '/o/:slug', element: <OrgLayout />, children: routesOf(orgSections, true) },
              { path: '/admin', element: <RequireOperator />, children: routesOf(adminSections, false) },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
