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
    "\n  fragment AuditEventFields on AuditEvent {\n    id\n    at\n    actor\n    actorName\n    action\n    resource\n    outcome\n    requestId\n    address\n    details\n  }\n": typeof types.AuditEventFieldsFragmentDoc,
    "\n  query AuditEvents($filter: AuditFilterInput, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  fragment DeployPlan on Plan {\n    packageName\n    version\n    action\n    installType\n    targetCount\n    runnableCount\n    skippedCount\n    offlineCount\n    conflictCount\n    maxConcurrency\n    maxErrors\n    warnings\n    maintenanceWindowOpen\n    nextWindowOpensAt\n    waves {\n      number\n      size\n    }\n    targets {\n      instanceId\n      name\n      platform\n      platformVersion\n      arch\n      online\n      wave\n      fileName\n      fileSize\n      skipReason\n      skipDetail\n      conflictingRollouts\n      installedVersion\n      installedState\n      note\n    }\n  }\n": typeof types.DeployPlanFragmentDoc,
    "\n  query DeployPackages {\n    packages(first: 500) {\n      totalCount\n      edges {\n        node {\n          name\n          defaultVersion\n          archived\n        }\n      }\n    }\n  }\n": typeof types.DeployPackagesDocument,
    "\n  query DeployPackageVersions($name: String!) {\n    package(name: $name) {\n      name\n      defaultVersion\n      versions {\n        packageName\n        version\n        state\n        isDefault\n      }\n    }\n  }\n": typeof types.DeployPackageVersionsDocument,
    "\n  query DeployPlan($deployment: CreateDeploymentInput!) {\n    plan(input: { deployment: $deployment }) {\n      ...DeployPlan\n    }\n  }\n": typeof types.DeployPlanDocument,
    "\n  mutation DeployCreateDeployment($input: CreateDeploymentInput!) {\n    createDeployment(input: $input) {\n      id\n      schedule {\n        kind\n      }\n      latestRollout {\n        id\n        state\n      }\n    }\n  }\n": typeof types.DeployCreateDeploymentDocument,
    "\n  mutation DeployStartRollout($id: String!, $idempotencyKey: String) {\n    startRollout(id: $id, idempotencyKey: $idempotencyKey) {\n      id\n      state\n    }\n  }\n": typeof types.DeployStartRolloutDocument,
    "\n  mutation CreateActivation($input: CreateActivationInput!) {\n    createActivation(input: $input) {\n      id\n      code\n      account\n      region\n      expiresAt\n      registrationLimit\n      defaultTags {\n        key\n        value\n      }\n    }\n  }\n": typeof types.CreateActivationDocument,
    "\n  query Targets($filter: TargetFilterInput, $first: Int, $after: String) {\n    targets(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...TargetRowFields\n        }\n      }\n    }\n  }\n": typeof types.TargetsDocument,
    "\n  mutation TagTargets($instanceIds: [String!]!, $tags: [TagInput!]!) {\n    tagTargets(instanceIds: $instanceIds, tags: $tags) {\n      ...TargetRowFields\n    }\n  }\n": typeof types.TagTargetsDocument,
    "\n  mutation UntagTargets($instanceIds: [String!]!, $keys: [String!]!) {\n    untagTargets(instanceIds: $instanceIds, keys: $keys) {\n      ...TargetRowFields\n    }\n  }\n": typeof types.UntagTargetsDocument,
    "\n  fragment TargetRowFields on Target {\n    instanceId\n    name\n    driver\n    platform\n    platformVersion\n    arch\n    account\n    region\n    online\n    lastSeen\n    tags {\n      key\n      value\n    }\n    installedPackages {\n      packageName\n      version\n      state\n    }\n  }\n": typeof types.TargetRowFieldsFragmentDoc,
    "\n  subscription TargetEvents($filter: TargetFilterInput, $afterSeq: Int) {\n    targetEvents(filter: $filter, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        eventSeq\n        matchingTargets\n      }\n      events {\n        seq\n        at\n        type\n        instanceId\n        target {\n          name\n          platform\n          platformVersion\n          arch\n          account\n          region\n          online\n          tags {\n            key\n            value\n          }\n          installed {\n            packageName\n            version\n            state\n          }\n        }\n      }\n    }\n  }\n": typeof types.TargetEventsDocument,
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
    "\n  query RolloutInvocations($id: String!, $first: Int!, $after: String, $status: InvocationStatus) {\n    rollout(id: $id) {\n      id\n      invocations(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n        edges {\n          cursor\n          node {\n            id\n            instanceId\n            wave\n            status\n            statusReason\n            step\n            exitCode\n            attempt\n            startedAt\n            finishedAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.RolloutInvocationsDocument,
    "\n  query InvocationTargetNames($instanceIds: [String], $first: Int!) {\n    targets(filter: { instanceIds: $instanceIds }, first: $first) {\n      edges {\n        node {\n          instanceId\n          name\n        }\n      }\n    }\n  }\n": typeof types.InvocationTargetNamesDocument,
    "\n  query InvocationOutput($rolloutId: String!, $after: String, $status: InvocationStatus) {\n    rollout(id: $rolloutId) {\n      id\n      invocations(first: 1, after: $after, status: $status) {\n        edges {\n          node {\n            id\n            instanceId\n            status\n            statusReason\n            step\n            exitCode\n            attempt\n            finishedAt\n            output\n          }\n        }\n      }\n    }\n  }\n": typeof types.InvocationOutputDocument,
    "\n  mutation PauseRollout($id: String!) {\n    pauseRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n": typeof types.PauseRolloutDocument,
    "\n  mutation ResumeRollout($id: String!) {\n    resumeRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n": typeof types.ResumeRolloutDocument,
    "\n  mutation CancelRollout($id: String!) {\n    cancelRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n": typeof types.CancelRolloutDocument,
    "\n  mutation ApproveWave($id: String!) {\n    approveWave(id: $id) { id state stateReason pauseCause waitingFor currentWave }\n  }\n": typeof types.ApproveWaveDocument,
    "\n  mutation RetryFailed($id: String!) {\n    retryFailed(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n": typeof types.RetryFailedDocument,
    "\n  mutation RollbackRollout($rolloutId: String!) {\n    rollback(rolloutId: $rolloutId) { id runNumber state }\n  }\n": typeof types.RollbackRolloutDocument,
    "\n  query RolloutPage($id: String!) {\n    rollout(id: $id) {\n      id\n      runNumber\n      state\n      stateReason\n      pauseCause\n      waitingFor\n      nextWaveAt\n      currentWave\n      trigger\n      version\n      createdAt\n      createdBy\n      startedAt\n      finishedAt\n      maxConcurrency\n      maxErrors\n      rollbackOf {\n        id\n        runNumber\n      }\n      rolledBackBy {\n        id\n        runNumber\n        state\n      }\n      deployment {\n        id\n        name\n        packageName\n        version\n        action\n      }\n    }\n  }\n": typeof types.RolloutPageDocument,
    "\n  query Deployments($first: Int!, $after: String) {\n    deployments(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          packageName\n          version\n          action\n          createdAt\n          createdBy\n          schedule {\n            kind\n            cron\n            paused\n            timeZone\n          }\n          latestRollout {\n            id\n            runNumber\n            state\n            trigger\n            version\n            createdAt\n            startedAt\n            finishedAt\n            counts {\n              ...ProgressCounts\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.DeploymentsDocument,
    "\n  query RolloutEvents($id: String!, $afterSeq: Int!, $first: Int!) {\n    rollout(id: $id) {\n      id\n      events(afterSeq: $afterSeq, first: $first) {\n        ...ProgressEventFields\n      }\n    }\n  }\n": typeof types.RolloutEventsDocument,
    "\n  subscription RolloutProgress($id: String!, $afterSeq: Int) {\n    rolloutProgress(id: $id, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        rollout {\n          id\n          state\n          currentWave\n          waitingFor\n          eventSeq\n        }\n        counts {\n          ...ProgressCounts\n        }\n        waves {\n          number\n          size\n          state\n          counts {\n            ...ProgressCounts\n          }\n        }\n      }\n      events {\n        ...ProgressEventFields\n      }\n    }\n  }\n\n  fragment ProgressCounts on InvocationCounts {\n    total\n    pending\n    queued\n    inProgress\n    rebooting\n    success\n    failed\n    timedOut\n    cancelled\n    skipped\n  }\n\n  fragment ProgressEventFields on RolloutEvent {\n    seq\n    at\n    type\n    status\n    previousStatus\n    instanceId\n    invocationId\n    wave\n    details\n  }\n": typeof types.RolloutProgressDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      subject\n      name\n      roles\n      permissions\n      localMode\n    }\n  }\n": types.ViewerDocument,
    "\n  fragment AuditEventFields on AuditEvent {\n    id\n    at\n    actor\n    actorName\n    action\n    resource\n    outcome\n    requestId\n    address\n    details\n  }\n": types.AuditEventFieldsFragmentDoc,
    "\n  query AuditEvents($filter: AuditFilterInput, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  fragment DeployPlan on Plan {\n    packageName\n    version\n    action\n    installType\n    targetCount\n    runnableCount\n    skippedCount\n    offlineCount\n    conflictCount\n    maxConcurrency\n    maxErrors\n    warnings\n    maintenanceWindowOpen\n    nextWindowOpensAt\n    waves {\n      number\n      size\n    }\n    targets {\n      instanceId\n      name\n      platform\n      platformVersion\n      arch\n      online\n      wave\n      fileName\n      fileSize\n      skipReason\n      skipDetail\n      conflictingRollouts\n      installedVersion\n      installedState\n      note\n    }\n  }\n": types.DeployPlanFragmentDoc,
    "\n  query DeployPackages {\n    packages(first: 500) {\n      totalCount\n      edges {\n        node {\n          name\n          defaultVersion\n          archived\n        }\n      }\n    }\n  }\n": types.DeployPackagesDocument,
    "\n  query DeployPackageVersions($name: String!) {\n    package(name: $name) {\n      name\n      defaultVersion\n      versions {\n        packageName\n        version\n        state\n        isDefault\n      }\n    }\n  }\n": types.DeployPackageVersionsDocument,
    "\n  query DeployPlan($deployment: CreateDeploymentInput!) {\n    plan(input: { deployment: $deployment }) {\n      ...DeployPlan\n    }\n  }\n": types.DeployPlanDocument,
    "\n  mutation DeployCreateDeployment($input: CreateDeploymentInput!) {\n    createDeployment(input: $input) {\n      id\n      schedule {\n        kind\n      }\n      latestRollout {\n        id\n        state\n      }\n    }\n  }\n": types.DeployCreateDeploymentDocument,
    "\n  mutation DeployStartRollout($id: String!, $idempotencyKey: String) {\n    startRollout(id: $id, idempotencyKey: $idempotencyKey) {\n      id\n      state\n    }\n  }\n": types.DeployStartRolloutDocument,
    "\n  mutation CreateActivation($input: CreateActivationInput!) {\n    createActivation(input: $input) {\n      id\n      code\n      account\n      region\n      expiresAt\n      registrationLimit\n      defaultTags {\n        key\n        value\n      }\n    }\n  }\n": types.CreateActivationDocument,
    "\n  query Targets($filter: TargetFilterInput, $first: Int, $after: String) {\n    targets(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...TargetRowFields\n        }\n      }\n    }\n  }\n": types.TargetsDocument,
    "\n  mutation TagTargets($instanceIds: [String!]!, $tags: [TagInput!]!) {\n    tagTargets(instanceIds: $instanceIds, tags: $tags) {\n      ...TargetRowFields\n    }\n  }\n": types.TagTargetsDocument,
    "\n  mutation UntagTargets($instanceIds: [String!]!, $keys: [String!]!) {\n    untagTargets(instanceIds: $instanceIds, keys: $keys) {\n      ...TargetRowFields\n    }\n  }\n": types.UntagTargetsDocument,
    "\n  fragment TargetRowFields on Target {\n    instanceId\n    name\n    driver\n    platform\n    platformVersion\n    arch\n    account\n    region\n    online\n    lastSeen\n    tags {\n      key\n      value\n    }\n    installedPackages {\n      packageName\n      version\n      state\n    }\n  }\n": types.TargetRowFieldsFragmentDoc,
    "\n  subscription TargetEvents($filter: TargetFilterInput, $afterSeq: Int) {\n    targetEvents(filter: $filter, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        eventSeq\n        matchingTargets\n      }\n      events {\n        seq\n        at\n        type\n        instanceId\n        target {\n          name\n          platform\n          platformVersion\n          arch\n          account\n          region\n          online\n          tags {\n            key\n            value\n          }\n          installed {\n            packageName\n            version\n            state\n          }\n        }\n      }\n    }\n  }\n": types.TargetEventsDocument,
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
    "\n  query RolloutInvocations($id: String!, $first: Int!, $after: String, $status: InvocationStatus) {\n    rollout(id: $id) {\n      id\n      invocations(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n        edges {\n          cursor\n          node {\n            id\n            instanceId\n            wave\n            status\n            statusReason\n            step\n            exitCode\n            attempt\n            startedAt\n            finishedAt\n          }\n        }\n      }\n    }\n  }\n": types.RolloutInvocationsDocument,
    "\n  query InvocationTargetNames($instanceIds: [String], $first: Int!) {\n    targets(filter: { instanceIds: $instanceIds }, first: $first) {\n      edges {\n        node {\n          instanceId\n          name\n        }\n      }\n    }\n  }\n": types.InvocationTargetNamesDocument,
    "\n  query InvocationOutput($rolloutId: String!, $after: String, $status: InvocationStatus) {\n    rollout(id: $rolloutId) {\n      id\n      invocations(first: 1, after: $after, status: $status) {\n        edges {\n          node {\n            id\n            instanceId\n            status\n            statusReason\n            step\n            exitCode\n            attempt\n            finishedAt\n            output\n          }\n        }\n      }\n    }\n  }\n": types.InvocationOutputDocument,
    "\n  mutation PauseRollout($id: String!) {\n    pauseRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n": types.PauseRolloutDocument,
    "\n  mutation ResumeRollout($id: String!) {\n    resumeRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n": types.ResumeRolloutDocument,
    "\n  mutation CancelRollout($id: String!) {\n    cancelRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n": types.CancelRolloutDocument,
    "\n  mutation ApproveWave($id: String!) {\n    approveWave(id: $id) { id state stateReason pauseCause waitingFor currentWave }\n  }\n": types.ApproveWaveDocument,
    "\n  mutation RetryFailed($id: String!) {\n    retryFailed(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n": types.RetryFailedDocument,
    "\n  mutation RollbackRollout($rolloutId: String!) {\n    rollback(rolloutId: $rolloutId) { id runNumber state }\n  }\n": types.RollbackRolloutDocument,
    "\n  query RolloutPage($id: String!) {\n    rollout(id: $id) {\n      id\n      runNumber\n      state\n      stateReason\n      pauseCause\n      waitingFor\n      nextWaveAt\n      currentWave\n      trigger\n      version\n      createdAt\n      createdBy\n      startedAt\n      finishedAt\n      maxConcurrency\n      maxErrors\n      rollbackOf {\n        id\n        runNumber\n      }\n      rolledBackBy {\n        id\n        runNumber\n        state\n      }\n      deployment {\n        id\n        name\n        packageName\n        version\n        action\n      }\n    }\n  }\n": types.RolloutPageDocument,
    "\n  query Deployments($first: Int!, $after: String) {\n    deployments(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          packageName\n          version\n          action\n          createdAt\n          createdBy\n          schedule {\n            kind\n            cron\n            paused\n            timeZone\n          }\n          latestRollout {\n            id\n            runNumber\n            state\n            trigger\n            version\n            createdAt\n            startedAt\n            finishedAt\n            counts {\n              ...ProgressCounts\n            }\n          }\n        }\n      }\n    }\n  }\n": types.DeploymentsDocument,
    "\n  query RolloutEvents($id: String!, $afterSeq: Int!, $first: Int!) {\n    rollout(id: $id) {\n      id\n      events(afterSeq: $afterSeq, first: $first) {\n        ...ProgressEventFields\n      }\n    }\n  }\n": types.RolloutEventsDocument,
    "\n  subscription RolloutProgress($id: String!, $afterSeq: Int) {\n    rolloutProgress(id: $id, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        rollout {\n          id\n          state\n          currentWave\n          waitingFor\n          eventSeq\n        }\n        counts {\n          ...ProgressCounts\n        }\n        waves {\n          number\n          size\n          state\n          counts {\n            ...ProgressCounts\n          }\n        }\n      }\n      events {\n        ...ProgressEventFields\n      }\n    }\n  }\n\n  fragment ProgressCounts on InvocationCounts {\n    total\n    pending\n    queued\n    inProgress\n    rebooting\n    success\n    failed\n    timedOut\n    cancelled\n    skipped\n  }\n\n  fragment ProgressEventFields on RolloutEvent {\n    seq\n    at\n    type\n    status\n    previousStatus\n    instanceId\n    invocationId\n    wave\n    details\n  }\n": types.RolloutProgressDocument,
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
export function graphql(source: "\n  fragment AuditEventFields on AuditEvent {\n    id\n    at\n    actor\n    actorName\n    action\n    resource\n    outcome\n    requestId\n    address\n    details\n  }\n"): (typeof documents)["\n  fragment AuditEventFields on AuditEvent {\n    id\n    at\n    actor\n    actorName\n    action\n    resource\n    outcome\n    requestId\n    address\n    details\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditFilterInput, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditFilterInput, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  query DeployPackageVersions($name: String!) {\n    package(name: $name) {\n      name\n      defaultVersion\n      versions {\n        packageName\n        version\n        state\n        isDefault\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeployPackageVersions($name: String!) {\n    package(name: $name) {\n      name\n      defaultVersion\n      versions {\n        packageName\n        version\n        state\n        isDefault\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation CreateActivation($input: CreateActivationInput!) {\n    createActivation(input: $input) {\n      id\n      code\n      account\n      region\n      expiresAt\n      registrationLimit\n      defaultTags {\n        key\n        value\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateActivation($input: CreateActivationInput!) {\n    createActivation(input: $input) {\n      id\n      code\n      account\n      region\n      expiresAt\n      registrationLimit\n      defaultTags {\n        key\n        value\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Targets($filter: TargetFilterInput, $first: Int, $after: String) {\n    targets(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...TargetRowFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Targets($filter: TargetFilterInput, $first: Int, $after: String) {\n    targets(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...TargetRowFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TagTargets($instanceIds: [String!]!, $tags: [TagInput!]!) {\n    tagTargets(instanceIds: $instanceIds, tags: $tags) {\n      ...TargetRowFields\n    }\n  }\n"): (typeof documents)["\n  mutation TagTargets($instanceIds: [String!]!, $tags: [TagInput!]!) {\n    tagTargets(instanceIds: $instanceIds, tags: $tags) {\n      ...TargetRowFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UntagTargets($instanceIds: [String!]!, $keys: [String!]!) {\n    untagTargets(instanceIds: $instanceIds, keys: $keys) {\n      ...TargetRowFields\n    }\n  }\n"): (typeof documents)["\n  mutation UntagTargets($instanceIds: [String!]!, $keys: [String!]!) {\n    untagTargets(instanceIds: $instanceIds, keys: $keys) {\n      ...TargetRowFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TargetRowFields on Target {\n    instanceId\n    name\n    driver\n    platform\n    platformVersion\n    arch\n    account\n    region\n    online\n    lastSeen\n    tags {\n      key\n      value\n    }\n    installedPackages {\n      packageName\n      version\n      state\n    }\n  }\n"): (typeof documents)["\n  fragment TargetRowFields on Target {\n    instanceId\n    name\n    driver\n    platform\n    platformVersion\n    arch\n    account\n    region\n    online\n    lastSeen\n    tags {\n      key\n      value\n    }\n    installedPackages {\n      packageName\n      version\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TargetEvents($filter: TargetFilterInput, $afterSeq: Int) {\n    targetEvents(filter: $filter, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        eventSeq\n        matchingTargets\n      }\n      events {\n        seq\n        at\n        type\n        instanceId\n        target {\n          name\n          platform\n          platformVersion\n          arch\n          account\n          region\n          online\n          tags {\n            key\n            value\n          }\n          installed {\n            packageName\n            version\n            state\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TargetEvents($filter: TargetFilterInput, $afterSeq: Int) {\n    targetEvents(filter: $filter, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        eventSeq\n        matchingTargets\n      }\n      events {\n        seq\n        at\n        type\n        instanceId\n        target {\n          name\n          platform\n          platformVersion\n          arch\n          account\n          region\n          online\n          tags {\n            key\n            value\n          }\n          installed {\n            packageName\n            version\n            state\n          }\n        }\n      }\n    }\n  }\n"];
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RolloutInvocations($id: String!, $first: Int!, $after: String, $status: InvocationStatus) {\n    rollout(id: $id) {\n      id\n      invocations(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n        edges {\n          cursor\n          node {\n            id\n            instanceId\n            wave\n            status\n            statusReason\n            step\n            exitCode\n            attempt\n            startedAt\n            finishedAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RolloutInvocations($id: String!, $first: Int!, $after: String, $status: InvocationStatus) {\n    rollout(id: $id) {\n      id\n      invocations(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n        edges {\n          cursor\n          node {\n            id\n            instanceId\n            wave\n            status\n            statusReason\n            step\n            exitCode\n            attempt\n            startedAt\n            finishedAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvocationTargetNames($instanceIds: [String], $first: Int!) {\n    targets(filter: { instanceIds: $instanceIds }, first: $first) {\n      edges {\n        node {\n          instanceId\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query InvocationTargetNames($instanceIds: [String], $first: Int!) {\n    targets(filter: { instanceIds: $instanceIds }, first: $first) {\n      edges {\n        node {\n          instanceId\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvocationOutput($rolloutId: String!, $after: String, $status: InvocationStatus) {\n    rollout(id: $rolloutId) {\n      id\n      invocations(first: 1, after: $after, status: $status) {\n        edges {\n          node {\n            id\n            instanceId\n            status\n            statusReason\n            step\n            exitCode\n            attempt\n            finishedAt\n            output\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query InvocationOutput($rolloutId: String!, $after: String, $status: InvocationStatus) {\n    rollout(id: $rolloutId) {\n      id\n      invocations(first: 1, after: $after, status: $status) {\n        edges {\n          node {\n            id\n            instanceId\n            status\n            statusReason\n            step\n            exitCode\n            attempt\n            finishedAt\n            output\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseRollout($id: String!) {\n    pauseRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n"): (typeof documents)["\n  mutation PauseRollout($id: String!) {\n    pauseRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeRollout($id: String!) {\n    resumeRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n"): (typeof documents)["\n  mutation ResumeRollout($id: String!) {\n    resumeRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelRollout($id: String!) {\n    cancelRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n"): (typeof documents)["\n  mutation CancelRollout($id: String!) {\n    cancelRollout(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveWave($id: String!) {\n    approveWave(id: $id) { id state stateReason pauseCause waitingFor currentWave }\n  }\n"): (typeof documents)["\n  mutation ApproveWave($id: String!) {\n    approveWave(id: $id) { id state stateReason pauseCause waitingFor currentWave }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryFailed($id: String!) {\n    retryFailed(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n"): (typeof documents)["\n  mutation RetryFailed($id: String!) {\n    retryFailed(id: $id) { id state stateReason pauseCause waitingFor }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RollbackRollout($rolloutId: String!) {\n    rollback(rolloutId: $rolloutId) { id runNumber state }\n  }\n"): (typeof documents)["\n  mutation RollbackRollout($rolloutId: String!) {\n    rollback(rolloutId: $rolloutId) { id runNumber state }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RolloutPage($id: String!) {\n    rollout(id: $id) {\n      id\n      runNumber\n      state\n      stateReason\n      pauseCause\n      waitingFor\n      nextWaveAt\n      currentWave\n      trigger\n      version\n      createdAt\n      createdBy\n      startedAt\n      finishedAt\n      maxConcurrency\n      maxErrors\n      rollbackOf {\n        id\n        runNumber\n      }\n      rolledBackBy {\n        id\n        runNumber\n        state\n      }\n      deployment {\n        id\n        name\n        packageName\n        version\n        action\n      }\n    }\n  }\n"): (typeof documents)["\n  query RolloutPage($id: String!) {\n    rollout(id: $id) {\n      id\n      runNumber\n      state\n      stateReason\n      pauseCause\n      waitingFor\n      nextWaveAt\n      currentWave\n      trigger\n      version\n      createdAt\n      createdBy\n      startedAt\n      finishedAt\n      maxConcurrency\n      maxErrors\n      rollbackOf {\n        id\n        runNumber\n      }\n      rolledBackBy {\n        id\n        runNumber\n        state\n      }\n      deployment {\n        id\n        name\n        packageName\n        version\n        action\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Deployments($first: Int!, $after: String) {\n    deployments(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          packageName\n          version\n          action\n          createdAt\n          createdBy\n          schedule {\n            kind\n            cron\n            paused\n            timeZone\n          }\n          latestRollout {\n            id\n            runNumber\n            state\n            trigger\n            version\n            createdAt\n            startedAt\n            finishedAt\n            counts {\n              ...ProgressCounts\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Deployments($first: Int!, $after: String) {\n    deployments(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          packageName\n          version\n          action\n          createdAt\n          createdBy\n          schedule {\n            kind\n            cron\n            paused\n            timeZone\n          }\n          latestRollout {\n            id\n            runNumber\n            state\n            trigger\n            version\n            createdAt\n            startedAt\n            finishedAt\n            counts {\n              ...ProgressCounts\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RolloutEvents($id: String!, $afterSeq: Int!, $first: Int!) {\n    rollout(id: $id) {\n      id\n      events(afterSeq: $afterSeq, first: $first) {\n        ...ProgressEventFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query RolloutEvents($id: String!, $afterSeq: Int!, $first: Int!) {\n    rollout(id: $id) {\n      id\n      events(afterSeq: $afterSeq, first: $first) {\n        ...ProgressEventFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RolloutProgress($id: String!, $afterSeq: Int) {\n    rolloutProgress(id: $id, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        rollout {\n          id\n          state\n          currentWave\n          waitingFor\n          eventSeq\n        }\n        counts {\n          ...ProgressCounts\n        }\n        waves {\n          number\n          size\n          state\n          counts {\n            ...ProgressCounts\n          }\n        }\n      }\n      events {\n        ...ProgressEventFields\n      }\n    }\n  }\n\n  fragment ProgressCounts on InvocationCounts {\n    total\n    pending\n    queued\n    inProgress\n    rebooting\n    success\n    failed\n    timedOut\n    cancelled\n    skipped\n  }\n\n  fragment ProgressEventFields on RolloutEvent {\n    seq\n    at\n    type\n    status\n    previousStatus\n    instanceId\n    invocationId\n    wave\n    details\n  }\n"): (typeof documents)["\n  subscription RolloutProgress($id: String!, $afterSeq: Int) {\n    rolloutProgress(id: $id, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        rollout {\n          id\n          state\n          currentWave\n          waitingFor\n          eventSeq\n        }\n        counts {\n          ...ProgressCounts\n        }\n        waves {\n          number\n          size\n          state\n          counts {\n            ...ProgressCounts\n          }\n        }\n      }\n      events {\n        ...ProgressEventFields\n      }\n    }\n  }\n\n  fragment ProgressCounts on InvocationCounts {\n    total\n    pending\n    queued\n    inProgress\n    rebooting\n    success\n    failed\n    timedOut\n    cancelled\n    skipped\n  }\n\n  fragment ProgressEventFields on RolloutEvent {\n    seq\n    at\n    type\n    status\n    previousStatus\n    instanceId\n    invocationId\n    wave\n    details\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;