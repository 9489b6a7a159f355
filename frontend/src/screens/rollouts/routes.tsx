import type { RouteObject } from 'react-router';
import { RolloutsPage } from './RolloutsPage';
import { RolloutRoute } from './RolloutPage';

export const rolloutRoutes: RouteObject[] = [
  { path: 'rollouts', element: <RolloutsPage /> },
  { path: 'rollouts/:id', element: <RolloutRoute /> },
];
