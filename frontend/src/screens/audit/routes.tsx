import type { RouteObject } from 'react-router';
import { PageHeader } from '../../common/PageHeader';

export const auditRoutes: RouteObject[] = [{ path: 'audit', element: <PageHeader title="Audit" /> }];
