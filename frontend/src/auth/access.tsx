import { createContext, useContext, type ReactNode } from 'react';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import type { Permission } from '../gql/graphql';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      subject
      name
      roles
      permissions
      localMode
    }
  }
`);

export interface Access {
  name: string | null;
  roles: string[];
  localMode: boolean;
  /** Whether the caller's roles grant `permission`; controls hide or disable themselves with it. The API decides anyway. */
  can: (permission: Permission) => boolean;
}

const nobody: Access = { name: null, roles: [], localMode: false, can: () => false };
const AccessContext = createContext<Access>(nobody);

/** Reads `viewer` once and offers it to every control through useAccess(). */
export function AccessProvider({ children }: { children: ReactNode }) {
  const { data } = useQuery(ViewerQuery, { fetchPolicy: 'network-only' });
  const viewer = data?.viewer;
  const access: Access = viewer
    ? {
        name: viewer.name ?? viewer.subject,
        roles: viewer.roles,
        localMode: viewer.localMode,
        can: (permission) => viewer.permissions.includes(permission),
      }
    : nobody;
  return <AccessContext.Provider value={access}>{children}</AccessContext.Provider>;
}

export function useAccess(): Access {
  return useContext(AccessContext);
}
