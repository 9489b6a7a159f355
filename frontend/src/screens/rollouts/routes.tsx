import type { RouteObject } from 'react-router';
import { PageHeader } from '../../common/PageHeader';

export const rolloutRoutes: RouteObject[] = [{ path: 'rollouts', element: <PageHeader title="Rollouts" /> }];
