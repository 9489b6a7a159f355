import type { RouteObject } from 'react-router';
import { PageHeader } from '../../common/PageHeader';

export const fleetRoutes: RouteObject[] = [{ path: 'fleet', element: <PageHeader title="Fleet" /> }];
