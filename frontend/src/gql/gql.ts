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
    "\n  query RolloutEvents($id: String!, $afterSeq: Int!, $first: Int!) {\n    rollout(id: $id) {\n      id\n      events(afterSeq: $afterSeq, first: $first) {\n        ...ProgressEventFields\n      }\n    }\n  }\n": typeof types.RolloutEventsDocument,
    "\n  subscription RolloutProgress($id: String!, $afterSeq: Int) {\n    rolloutProgress(id: $id, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        rollout {\n          id\n          state\n          currentWave\n          waitingFor\n          eventSeq\n        }\n        counts {\n          ...ProgressCounts\n        }\n        waves {\n          number\n          size\n          state\n          counts {\n            ...ProgressCounts\n          }\n        }\n      }\n      events {\n        ...ProgressEventFields\n      }\n    }\n  }\n\n  fragment ProgressCounts on InvocationCounts {\n    total\n    pending\n    queued\n    inProgress\n    rebooting\n    success\n    failed\n    timedOut\n    cancelled\n    skipped\n  }\n\n  fragment ProgressEventFields on RolloutEvent {\n    seq\n    at\n    type\n    status\n    previousStatus\n    instanceId\n    invocationId\n    wave\n    details\n  }\n": typeof types.RolloutProgressDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      subject\n      name\n      roles\n      permissions\n      localMode\n    }\n  }\n": types.ViewerDocument,
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
export function graphql(source: "\n  query RolloutEvents($id: String!, $afterSeq: Int!, $first: Int!) {\n    rollout(id: $id) {\n      id\n      events(afterSeq: $afterSeq, first: $first) {\n        ...ProgressEventFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query RolloutEvents($id: String!, $afterSeq: Int!, $first: Int!) {\n    rollout(id: $id) {\n      id\n      events(afterSeq: $afterSeq, first: $first) {\n        ...ProgressEventFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RolloutProgress($id: String!, $afterSeq: Int) {\n    rolloutProgress(id: $id, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        rollout {\n          id\n          state\n          currentWave\n          waitingFor\n          eventSeq\n        }\n        counts {\n          ...ProgressCounts\n        }\n        waves {\n          number\n          size\n          state\n          counts {\n            ...ProgressCounts\n          }\n        }\n      }\n      events {\n        ...ProgressEventFields\n      }\n    }\n  }\n\n  fragment ProgressCounts on InvocationCounts {\n    total\n    pending\n    queued\n    inProgress\n    rebooting\n    success\n    failed\n    timedOut\n    cancelled\n    skipped\n  }\n\n  fragment ProgressEventFields on RolloutEvent {\n    seq\n    at\n    type\n    status\n    previousStatus\n    instanceId\n    invocationId\n    wave\n    details\n  }\n"): (typeof documents)["\n  subscription RolloutProgress($id: String!, $afterSeq: Int) {\n    rolloutProgress(id: $id, afterSeq: $afterSeq) {\n      seq\n      snapshot {\n        rollout {\n          id\n          state\n          currentWave\n          waitingFor\n          eventSeq\n        }\n        counts {\n          ...ProgressCounts\n        }\n        waves {\n          number\n          size\n          state\n          counts {\n            ...ProgressCounts\n          }\n        }\n      }\n      events {\n        ...ProgressEventFields\n      }\n    }\n  }\n\n  fragment ProgressCounts on InvocationCounts {\n    total\n    pending\n    queued\n    inProgress\n    rebooting\n    success\n    failed\n    timedOut\n    cancelled\n    skipped\n  }\n\n  fragment ProgressEventFields on RolloutEvent {\n    seq\n    at\n    type\n    status\n    previousStatus\n    instanceId\n    invocationId\n    wave\n    details\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;