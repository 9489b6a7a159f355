/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Viewer {\n    viewer {\n      subject\n      name\n      roles\n      permissions\n      localMode\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  fragment DeployPlan on Plan {\n    packageName\n    version\n    action\n    installType\n    targetCount\n    runnableCount\n    skippedCount\n    offlineCount\n    conflictCount\n    maxConcurrency\n    maxErrors\n    warnings\n    maintenanceWindowOpen\n    nextWindowOpensAt\n    waves {\n      number\n      size\n    }\n    targets {\n      instanceId\n      name\n      platform\n      platformVersion\n      arch\n      online\n      wave\n      fileName\n      fileSize\n      skipReason\n      skipDetail\n      conflictingRollouts\n      installedVersion\n      installedState\n      note\n    }\n  }\n": typeof types.DeployPlanFragmentDoc,
    "\n  query DeployPackages {\n    packages(first: 500) {\n      totalCount\n      edges {\n        node {\n          name\n          defaultVersion\n          archived\n        }\n      }\n    }\n  }\n": typeof types.DeployPackagesDocument,
    "\n  query DeployPackageVersions($name: String!) {\n    package(name: $name) {\n      name\n      defaultVersion\n      versions {\n        version\n        state\n        isDefault\n      }\n    }\n  }\n": typeof types.DeployPackageVersionsDocument,
    "\n  query DeployPlan($deployment: CreateDeploymentInput!) {\n    plan(input: { deployment: $deployment }) {\n      ...DeployPlan\n    }\n  }\n": typeof types.DeployPlanDocument,
    "\n  mutation DeployCreateDeployment($input: CreateDeploymentInput!) {\n    createDeployment(input: $input) {\n      id\n      schedule {\n        kind\n      }\n      latestRollout {\n        id\n        state\n      }\n    }\n  }\n": typeof types.DeployCreateDeploymentDocument,
    "\n  mutation DeployStartRollout($id: String!, $idempotencyKey: String) {\n    startRollout(id: $id, idempotencyKey: $idempotencyKey) {\n      id\n      state\n    }\n  }\n": typeof types.DeployStartRolloutDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      subject\n      name\n      roles\n      permissions\n      localMode\n    }\n  }\n": types.ViewerDocument,
    "\n  fragment DeployPlan on Plan {\n    packageName\n    version\n    action\n    installType\n    targetCount\n    runnableCount\n    skippedCount\n    offlineCount\n    conflictCount\n    maxConcurrency\n    maxErrors\n    warnings\n    maintenanceWindowOpen\n    nextWindowOpensAt\n    waves {\n      number\n      size\n    }\n    targets {\n      instanceId\n      name\n      platform\n      platformVersion\n      arch\n      online\n      wave\n      fileName\n      fileSize\n      skipReason\n      skipDetail\n      conflictingRollouts\n      installedVersion\n      installedState\n      note\n    }\n  }\n": types.DeployPlanFragmentDoc,
    "\n  query DeployPackages {\n    packages(first: 500) {\n      totalCount\n      edges {\n        node {\n          name\n          defaultVersion\n          archived\n        }\n      }\n    }\n  }\n": types.DeployPackagesDocument,
    "\n  query DeployPackageVersions($name: String!) {\n    package(name: $name) {\n      name\n      defaultVersion\n      versions {\n        version\n        state\n        isDefault\n      }\n    }\n  }\n": types.DeployPackageVersionsDocument,
    "\n  query DeployPlan($deployment: CreateDeploymentInput!) {\n    plan(input: { deployment: $deployment }) {\n      ...DeployPlan\n    }\n  }\n": types.DeployPlanDocument,
    "\n  mutation DeployCreateDeployment($input: CreateDeploymentInput!) {\n    createDeployment(input: $input) {\n      id\n      schedule {\n        kind\n      }\n      latestRollout {\n        id\n        state\n      }\n    }\n  }\n": types.DeployCreateDeploymentDocument,
    "\n  mutation DeployStartRollout($id: String!, $idempotencyKey: String) {\n    startRollout(id: $id, idempotencyKey: $idempotencyKey) {\n      id\n      state\n    }\n  }\n": types.DeployStartRolloutDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      subject\n      name\n      roles\n      permissions\n      localMode\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      subject\n      name\n      roles\n      permissions\n      localMode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeployPlan on Plan {\n    packageName\n    version\n    action\n    installType\n    targetCount\n    runnableCount\n    skippedCount\n    offlineCount\n    conflictCount\n    maxConcurrency\n    maxErrors\n    warnings\n    maintenanceWindowOpen\n    nextWindowOpensAt\n    waves {\n      number\n      size\n    }\n    targets {\n      instanceId\n      name\n      platform\n      platformVersion\n      arch\n      online\n      wave\n      fileName\n      fileSize\n      skipReason\n      skipDetail\n      conflictingRollouts\n      installedVersion\n      installedState\n      note\n    }\n  }\n"): (typeof documents)["\n  fragment DeployPlan on Plan {\n    packageName\n    version\n    action\n    installType\n    targetCount\n    runnableCount\n    skippedCount\n    offlineCount\n    conflictCount\n    maxConcurrency\n    maxErrors\n    warnings\n    maintenanceWindowOpen\n    nextWindowOpensAt\n    waves {\n      number\n      size\n    }\n    targets {\n      instanceId\n      name\n      platform\n      platformVersion\n      arch\n      online\n      wave\n      fileName\n      fileSize\n      skipReason\n      skipDetail\n      conflictingRollouts\n      installedVersion\n      installedState\n      note\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeployPackages {\n    packages(first: 500) {\n      totalCount\n      edges {\n        node {\n          name\n          defaultVersion\n          archived\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeployPackages {\n    packages(first: 500) {\n      totalCount\n      edges {\n        node {\n          name\n          defaultVersion\n          archived\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeployPackageVersions($name: String!) {\n    package(name: $name) {\n      name\n      defaultVersion\n      versions {\n        version\n        state\n        isDefault\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeployPackageVersions($name: String!) {\n    package(name: $name) {\n      name\n      defaultVersion\n      versions {\n        version\n        state\n        isDefault\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeployPlan($deployment: CreateDeploymentInput!) {\n    plan(input: { deployment: $deployment }) {\n      ...DeployPlan\n    }\n  }\n"): (typeof documents)["\n  query DeployPlan($deployment: CreateDeploymentInput!) {\n    plan(input: { deployment: $deployment }) {\n      ...DeployPlan\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeployCreateDeployment($input: CreateDeploymentInput!) {\n    createDeployment(input: $input) {\n      id\n      schedule {\n        kind\n      }\n      latestRollout {\n        id\n        state\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeployCreateDeployment($input: CreateDeploymentInput!) {\n    createDeployment(input: $input) {\n      id\n      schedule {\n        kind\n      }\n      latestRollout {\n        id\n        state\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeployStartRollout($id: String!, $idempotencyKey: String) {\n    startRollout(id: $id, idempotencyKey: $idempotencyKey) {\n      id\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation DeployStartRollout($id: String!, $idempotencyKey: String) {\n    startRollout(id: $id, idempotencyKey: $idempotencyKey) {\n      id\n      state\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;