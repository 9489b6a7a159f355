import type { RouteObject } from 'react-router';
import { PageHeader } from '../../common/PageHeader';

export const packageRoutes: RouteObject[] = [{ path: 'packages', element: <PageHeader title="Packages" /> }];
