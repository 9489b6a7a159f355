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
    "\n  mutation CreateActivation($input: CreateActivationInput!) {\n    createActivation(input: $input) {\n      id\n      code\n      account\n      region\n      expiresAt\n      registrationLimit\n      defaultTags {\n        key\n        value\n      }\n    }\n  }\n": typeof types.CreateActivationDocument,
    "\n  query Targets($filter: TargetFilterInput, $first: Int, $after: String) {\n    targets(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...TargetRowFields\n        }\n      }\n    }\n  }\n": typeof types.TargetsDocument,
    "\n  mutation TagTargets($instanceIds: [String!]!, $tags: [TagInput!]!) {\n    tagTargets(instanceIds: $instanceIds, tags: $tags) {\n      ...TargetRowFields\n    }\n  }\n": typeof types.TagTargetsDocument,
    "\n  mutation UntagTargets($instanceIds: [String!]!, $keys: [String!]!) {\n    untagTargets(instanceIds: $instanceIds, keys: $keys) {\n      ...TargetRowFields\n    }\n  }\n": typeof types.UntagTargetsDocument,
    "\n  fragment TargetRowFields on Target {\n    instanceId\n    name\n    driver\n    platform\n    platformVersion\n    arch\n    account\n    region\n    online\n    lastSeen\n    tags {\n      key\n      value\n    }\n    installedPackages {\n      packageName\n      version\n      state\n    }\n  }\n": typeof types.TargetRowFieldsFragmentDoc,
    "\n  subscription TargetEvents($filter: TargetFilterInput, $afterSeq: Int) {\n    targetEvents(filter: $filter, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        eventSeq\n        matchingTargets\n      }\n      events {\n        seq\n        at\n        type\n        instanceId\n        target {\n          name\n          platform\n          platformVersion\n          arch\n          account\n          region\n          online\n          tags {\n            key\n            value\n          }\n          installed {\n            packageName\n            version\n            state\n          }\n        }\n      }\n    }\n  }\n": typeof types.TargetEventsDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      subject\n      name\n      roles\n      permissions\n      localMode\n    }\n  }\n": types.ViewerDocument,
    "\n  fragment AuditEventFields on AuditEvent {\n    id\n    at\n    actor\n    actorName\n    action\n    resource\n    outcome\n    requestId\n    address\n    details\n  }\n": types.AuditEventFieldsFragmentDoc,
    "\n  query AuditEvents($filter: AuditFilterInput, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AuditEventFields\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  mutation CreateActivation($input: CreateActivationInput!) {\n    createActivation(input: $input) {\n      id\n      code\n      account\n      region\n      expiresAt\n      registrationLimit\n      defaultTags {\n        key\n        value\n      }\n    }\n  }\n": types.CreateActivationDocument,
    "\n  query Targets($filter: TargetFilterInput, $first: Int, $after: String) {\n    targets(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...TargetRowFields\n        }\n      }\n    }\n  }\n": types.TargetsDocument,
    "\n  mutation TagTargets($instanceIds: [String!]!, $tags: [TagInput!]!) {\n    tagTargets(instanceIds: $instanceIds, tags: $tags) {\n      ...TargetRowFields\n    }\n  }\n": types.TagTargetsDocument,
    "\n  mutation UntagTargets($instanceIds: [String!]!, $keys: [String!]!) {\n    untagTargets(instanceIds: $instanceIds, keys: $keys) {\n      ...TargetRowFields\n    }\n  }\n": types.UntagTargetsDocument,
    "\n  fragment TargetRowFields on Target {\n    instanceId\n    name\n    driver\n    platform\n    platformVersion\n    arch\n    account\n    region\n    online\n    lastSeen\n    tags {\n      key\n      value\n    }\n    installedPackages {\n      packageName\n      version\n      state\n    }\n  }\n": types.TargetRowFieldsFragmentDoc,
    "\n  subscription TargetEvents($filter: TargetFilterInput, $afterSeq: Int) {\n    targetEvents(filter: $filter, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        eventSeq\n        matchingTargets\n      }\n      events {\n        seq\n        at\n        type\n        instanceId\n        target {\n          name\n          platform\n          platformVersion\n          arch\n          account\n          region\n          online\n          tags {\n            key\n            value\n          }\n          installed {\n            packageName\n            version\n            state\n          }\n        }\n      }\n    }\n  }\n": types.TargetEventsDocument,
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

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;