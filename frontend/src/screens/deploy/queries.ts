import { graphql } from '../../gql';

/** How many names the "Package" combobox offers for what is typed: the service filters, the user narrows. */
export const PACKAGE_CHOICES = 20;

/** Package names starting with what is typed in the "Package" combobox (ignoring case), searched by the service. */
export const DeployPackagesQuery = graphql(`
  query DeployPackages($namePrefix: String, $first: Int!) {
    packages(first: $first, filter: { namePrefix: $namePrefix }) {
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
