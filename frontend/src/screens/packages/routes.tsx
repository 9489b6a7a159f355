import type { RouteObject } from 'react-router';
import { PackageList } from './PackageList';
import { PackageDetail } from './PackageDetail';
import { NewPackage } from './NewPackage';

export const packageRoutes: RouteObject[] = [
  { path: 'packages', element: <PackageList /> },
  // A static segment outranks `:name`, so /packages/new is never a package called "new".
  { path: 'packages/new', element: <NewPackage /> },
  { path: 'packages/:name', element: <PackageDetail /> },
];
