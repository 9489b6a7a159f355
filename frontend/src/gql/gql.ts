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
    "\n  query PackageExists($name: String!) {\n    package(name: $name) {\n      name\n    }\n  }\n": typeof types.PackageExistsDocument,
    "\n  mutation CreatePackage($input: CreatePackageInput!) {\n    createPackage(input: $input) {\n      name\n    }\n  }\n": typeof types.CreatePackageDocument,
    "\n  mutation AddPackageVersion($input: AddPackageVersionInput!) {\n    addPackageVersion(input: $input) {\n      ...GeneratedVersion\n    }\n  }\n": typeof types.AddPackageVersionDocument,
    "\n  fragment GeneratedVersion on PackageVersion {\n    packageName\n    version\n    state\n    isDefault\n    manifest\n    warnings\n    files {\n      name\n      platforms\n      size\n      sha256\n      scripts\n      scriptSources {\n        name\n        content\n        truncated\n      }\n    }\n  }\n": typeof types.GeneratedVersionFragmentDoc,
    "\n  query PackageDetail($name: String!) {\n    package(name: $name) {\n      name\n      description\n      publisher\n      defaultVersion\n      archived\n      createdAt\n      updatedAt\n      tags {\n        key\n        value\n      }\n      versions {\n        ...VersionRow\n      }\n    }\n  }\n": typeof types.PackageDetailDocument,
    "\n  fragment PackageListRow on Package {\n    name\n    description\n    defaultVersion\n    publisher\n    updatedAt\n    versions {\n      packageName\n      version\n      state\n    }\n  }\n": typeof types.PackageListRowFragmentDoc,
    "\n  query PackageList($filter: PackageFilterInput, $first: Int) {\n    packages(filter: $filter, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...PackageListRow\n        }\n      }\n    }\n  }\n": typeof types.PackageListDocument,
    "\n  query Platforms {\n    platforms {\n      code\n      displayName\n      architectures\n      note\n    }\n  }\n": typeof types.PlatformsDocument,
    "\n  mutation CreateSimplePackage($input: CreateSimplePackageInput!) {\n    createSimplePackage(input: $input) {\n      warnings\n      version {\n        ...GeneratedVersion\n      }\n    }\n  }\n": typeof types.CreateSimplePackageDocument,
    "\n  fragment VersionRow on PackageVersion {\n    packageName\n    version\n    state\n    isDefault\n    createdBy\n    createdAt\n    publishedAt\n    warnings\n    manifest\n  }\n": typeof types.VersionRowFragmentDoc,
    "\n  mutation PublishVersion($packageName: String!, $version: String!) {\n    publishVersion(packageName: $packageName, version: $version) {\n      ...VersionRow\n    }\n  }\n": typeof types.PublishVersionDocument,
    "\n  mutation SetDefaultVersion($packageName: String!, $version: String!) {\n    setDefaultVersion(packageName: $packageName, version: $version) {\n      name\n      defaultVersion\n      versions {\n        ...VersionRow\n      }\n    }\n  }\n": typeof types.SetDefaultVersionDocument,
    "\n  mutation DeprecateVersion($packageName: String!, $version: String!) {\n    deprecateVersion(packageName: $packageName, version: $version) {\n      ...VersionRow\n    }\n  }\n": typeof types.DeprecateVersionDocument,
    "\n  mutation RequestArtifactUpload($input: RequestArtifactUploadInput!) {\n    requestArtifactUpload(input: $input) {\n      alreadyStored\n      fileName\n      sha256\n      key\n      method\n      url\n      headers {\n        name\n        value\n      }\n    }\n  }\n": typeof types.RequestArtifactUploadDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      subject\n      name\n      roles\n      permissions\n      localMode\n    }\n  }\n": types.ViewerDocument,
    "\n  fragment DeployPlan on Plan {\n    packageName\n    version\n    action\n    installType\n    targetCount\n    runnableCount\n    skippedCount\n    offlineCount\n    conflictCount\n    maxConcurrency\n    maxErrors\n    warnings\n    maintenanceWindowOpen\n    nextWindowOpensAt\n    waves {\n      number\n      size\n    }\n    targets {\n      instanceId\n      name\n      platform\n      platformVersion\n      arch\n      online\n      wave\n      fileName\n      fileSize\n      skipReason\n      skipDetail\n      conflictingRollouts\n      installedVersion\n      installedState\n      note\n    }\n  }\n": types.DeployPlanFragmentDoc,
    "\n  query DeployPackages {\n    packages(first: 500) {\n      totalCount\n      edges {\n        node {\n          name\n          defaultVersion\n          archived\n        }\n      }\n    }\n  }\n": types.DeployPackagesDocument,
    "\n  query DeployPackageVersions($name: String!) {\n    package(name: $name) {\n      name\n      defaultVersion\n      versions {\n        version\n        state\n        isDefault\n      }\n    }\n  }\n": types.DeployPackageVersionsDocument,
    "\n  query DeployPlan($deployment: CreateDeploymentInput!) {\n    plan(input: { deployment: $deployment }) {\n      ...DeployPlan\n    }\n  }\n": types.DeployPlanDocument,
    "\n  mutation DeployCreateDeployment($input: CreateDeploymentInput!) {\n    createDeployment(input: $input) {\n      id\n      schedule {\n        kind\n      }\n      latestRollout {\n        id\n        state\n      }\n    }\n  }\n": types.DeployCreateDeploymentDocument,
    "\n  mutation DeployStartRollout($id: String!, $idempotencyKey: String) {\n    startRollout(id: $id, idempotencyKey: $idempotencyKey) {\n      id\n      state\n    }\n  }\n": types.DeployStartRolloutDocument,
    "\n  query PackageExists($name: String!) {\n    package(name: $name) {\n      name\n    }\n  }\n": types.PackageExistsDocument,
    "\n  mutation CreatePackage($input: CreatePackageInput!) {\n    createPackage(input: $input) {\n      name\n    }\n  }\n": types.CreatePackageDocument,
    "\n  mutation AddPackageVersion($input: AddPackageVersionInput!) {\n    addPackageVersion(input: $input) {\n      ...GeneratedVersion\n    }\n  }\n": types.AddPackageVersionDocument,
    "\n  fragment GeneratedVersion on PackageVersion {\n    packageName\n    version\n    state\n    isDefault\n    manifest\n    warnings\n    files {\n      name\n      platforms\n      size\n      sha256\n      scripts\n      scriptSources {\n        name\n        content\n        truncated\n      }\n    }\n  }\n": types.GeneratedVersionFragmentDoc,
    "\n  query PackageDetail($name: String!) {\n    package(name: $name) {\n      name\n      description\n      publisher\n      defaultVersion\n      archived\n      createdAt\n      updatedAt\n      tags {\n        key\n        value\n      }\n      versions {\n        ...VersionRow\n      }\n    }\n  }\n": types.PackageDetailDocument,
    "\n  fragment PackageListRow on Package {\n    name\n    description\n    defaultVersion\n    publisher\n    updatedAt\n    versions {\n      packageName\n      version\n      state\n    }\n  }\n": types.PackageListRowFragmentDoc,
    "\n  query PackageList($filter: PackageFilterInput, $first: Int) {\n    packages(filter: $filter, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...PackageListRow\n        }\n      }\n    }\n  }\n": types.PackageListDocument,
    "\n  query Platforms {\n    platforms {\n      code\n      displayName\n      architectures\n      note\n    }\n  }\n": types.PlatformsDocument,
    "\n  mutation CreateSimplePackage($input: CreateSimplePackageInput!) {\n    createSimplePackage(input: $input) {\n      warnings\n      version {\n        ...GeneratedVersion\n      }\n    }\n  }\n": types.CreateSimplePackageDocument,
    "\n  fragment VersionRow on PackageVersion {\n    packageName\n    version\n    state\n    isDefault\n    createdBy\n    createdAt\n    publishedAt\n    warnings\n    manifest\n  }\n": types.VersionRowFragmentDoc,
    "\n  mutation PublishVersion($packageName: String!, $version: String!) {\n    publishVersion(packageName: $packageName, version: $version) {\n      ...VersionRow\n    }\n  }\n": types.PublishVersionDocument,
    "\n  mutation SetDefaultVersion($packageName: String!, $version: String!) {\n    setDefaultVersion(packageName: $packageName, version: $version) {\n      name\n      defaultVersion\n      versions {\n        ...VersionRow\n      }\n    }\n  }\n": types.SetDefaultVersionDocument,
    "\n  mutation DeprecateVersion($packageName: String!, $version: String!) {\n    deprecateVersion(packageName: $packageName, version: $version) {\n      ...VersionRow\n    }\n  }\n": types.DeprecateVersionDocument,
    "\n  mutation RequestArtifactUpload($input: RequestArtifactUploadInput!) {\n    requestArtifactUpload(input: $input) {\n      alreadyStored\n      fileName\n      sha256\n      key\n      method\n      url\n      headers {\n        name\n        value\n      }\n    }\n  }\n": types.RequestArtifactUploadDocument,
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PackageExists($name: String!) {\n    package(name: $name) {\n      name\n    }\n  }\n"): (typeof documents)["\n  query PackageExists($name: String!) {\n    package(name: $name) {\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePackage($input: CreatePackageInput!) {\n    createPackage(input: $input) {\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePackage($input: CreatePackageInput!) {\n    createPackage(input: $input) {\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddPackageVersion($input: AddPackageVersionInput!) {\n    addPackageVersion(input: $input) {\n      ...GeneratedVersion\n    }\n  }\n"): (typeof documents)["\n  mutation AddPackageVersion($input: AddPackageVersionInput!) {\n    addPackageVersion(input: $input) {\n      ...GeneratedVersion\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment GeneratedVersion on PackageVersion {\n    packageName\n    version\n    state\n    isDefault\n    manifest\n    warnings\n    files {\n      name\n      platforms\n      size\n      sha256\n      scripts\n      scriptSources {\n        name\n        content\n        truncated\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment GeneratedVersion on PackageVersion {\n    packageName\n    version\n    state\n    isDefault\n    manifest\n    warnings\n    files {\n      name\n      platforms\n      size\n      sha256\n      scripts\n      scriptSources {\n        name\n        content\n        truncated\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PackageDetail($name: String!) {\n    package(name: $name) {\n      name\n      description\n      publisher\n      defaultVersion\n      archived\n      createdAt\n      updatedAt\n      tags {\n        key\n        value\n      }\n      versions {\n        ...VersionRow\n      }\n    }\n  }\n"): (typeof documents)["\n  query PackageDetail($name: String!) {\n    package(name: $name) {\n      name\n      description\n      publisher\n      defaultVersion\n      archived\n      createdAt\n      updatedAt\n      tags {\n        key\n        value\n      }\n      versions {\n        ...VersionRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PackageListRow on Package {\n    name\n    description\n    defaultVersion\n    publisher\n    updatedAt\n    versions {\n      packageName\n      version\n      state\n    }\n  }\n"): (typeof documents)["\n  fragment PackageListRow on Package {\n    name\n    description\n    defaultVersion\n    publisher\n    updatedAt\n    versions {\n      packageName\n      version\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PackageList($filter: PackageFilterInput, $first: Int) {\n    packages(filter: $filter, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...PackageListRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PackageList($filter: PackageFilterInput, $first: Int) {\n    packages(filter: $filter, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...PackageListRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Platforms {\n    platforms {\n      code\n      displayName\n      architectures\n      note\n    }\n  }\n"): (typeof documents)["\n  query Platforms {\n    platforms {\n      code\n      displayName\n      architectures\n      note\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSimplePackage($input: CreateSimplePackageInput!) {\n    createSimplePackage(input: $input) {\n      warnings\n      version {\n        ...GeneratedVersion\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSimplePackage($input: CreateSimplePackageInput!) {\n    createSimplePackage(input: $input) {\n      warnings\n      version {\n        ...GeneratedVersion\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VersionRow on PackageVersion {\n    packageName\n    version\n    state\n    isDefault\n    createdBy\n    createdAt\n    publishedAt\n    warnings\n    manifest\n  }\n"): (typeof documents)["\n  fragment VersionRow on PackageVersion {\n    packageName\n    version\n    state\n    isDefault\n    createdBy\n    createdAt\n    publishedAt\n    warnings\n    manifest\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishVersion($packageName: String!, $version: String!) {\n    publishVersion(packageName: $packageName, version: $version) {\n      ...VersionRow\n    }\n  }\n"): (typeof documents)["\n  mutation PublishVersion($packageName: String!, $version: String!) {\n    publishVersion(packageName: $packageName, version: $version) {\n      ...VersionRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDefaultVersion($packageName: String!, $version: String!) {\n    setDefaultVersion(packageName: $packageName, version: $version) {\n      name\n      defaultVersion\n      versions {\n        ...VersionRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetDefaultVersion($packageName: String!, $version: String!) {\n    setDefaultVersion(packageName: $packageName, version: $version) {\n      name\n      defaultVersion\n      versions {\n        ...VersionRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeprecateVersion($packageName: String!, $version: String!) {\n    deprecateVersion(packageName: $packageName, version: $version) {\n      ...VersionRow\n    }\n  }\n"): (typeof documents)["\n  mutation DeprecateVersion($packageName: String!, $version: String!) {\n    deprecateVersion(packageName: $packageName, version: $version) {\n      ...VersionRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestArtifactUpload($input: RequestArtifactUploadInput!) {\n    requestArtifactUpload(input: $input) {\n      alreadyStored\n      fileName\n      sha256\n      key\n      method\n      url\n      headers {\n        name\n        value\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RequestArtifactUpload($input: RequestArtifactUploadInput!) {\n    requestArtifactUpload(input: $input) {\n      alreadyStored\n      fileName\n      sha256\n      key\n      method\n      url\n      headers {\n        name\n        value\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;