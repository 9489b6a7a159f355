import { graphql } from '../../gql';

/** Package names for the "Package" combobox; one page of 500 is plenty for a choice list. */
export const DeployPackagesQuery = graphql(`
  query DeployPackages {
    packages(first: 500) {
      totalCount
      edges {
        node {
          name
          defaultVersion
          archived
        }
      }
    }
  }
`);

/** The chosen package's versions for the "Version" combobox. */
export const DeployPackageVersionsQuery = graphql(`
  query DeployPackageVersions($name: String!) {
    package(name: $name) {
      name
      defaultVersion
      versions {
        packageName
        version
        state
        isDefault
      }
    }
  }
`);

/** What a run of the deployment being written would do, without creating anything. */
export const DeployPlanQuery = graphql(`
  query DeployPlan($deployment: CreateDeploymentInput!) {
    plan(input: { deployment: $deployment }) {
      ...DeployPlan
    }
  }
`);

export const CreateDeploymentMutation = graphql(`
  mutation DeployCreateDeployment($input: CreateDeploymentInput!) {
    createDeployment(input: $input) {
      id
      schedule {
        kind
      }
      latestRollout {
        id
        state
      }
    }
  }
`);

export const StartRolloutMutation = graphql(`
  mutation DeployStartRollout($id: String!, $idempotencyKey: String) {
    startRollout(id: $id, idempotencyKey: $idempotencyKey) {
      id
      state
    }
  }
`);
