import type { RouteObject } from 'react-router';
import { FleetPage } from './FleetPage';

export const fleetRoutes: RouteObject[] = [{ path: 'fleet', element: <FleetPage /> }];
