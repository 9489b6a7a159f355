import { Navigate, type RouteObject } from 'react-router';
import { Shell } from './Shell';
import { packageRoutes } from '../screens/packages/routes';
import { fleetRoutes } from '../screens/fleet/routes';
import { deployRoutes } from '../screens/deploy/routes';
import { rolloutRoutes } from '../screens/rollouts/routes';
import { auditRoutes } from '../screens/audit/routes';

/** Every screen's address. Each screen folder exports its own routes, so a screen is one folder. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: <Navigate to="/packages" replace /> },
      ...packageRoutes,
      ...fleetRoutes,
      ...deployRoutes,
      ...rolloutRoutes,
      ...auditRoutes,
      { path: '*', element: <Navigate to="/packages" replace /> },
    ],
  },
];
