import type { RouteObject } from 'react-router';
import { PageHeader } from '../../common/PageHeader';

export const deployRoutes: RouteObject[] = [{ path: 'deploy', element: <PageHeader title="Deploy" /> }];
