import type { RouteObject } from 'react-router';
import { DeployPage } from './DeployPage';

export const deployRoutes: RouteObject[] = [{ path: 'deploy', element: <DeployPage /> }];
