import { graphql } from '../../gql';

/** What the "Plan" region shows: the plan query's answer (DeployPlanQuery in queries.ts spreads it). */
export const DeployPlanFragmentDoc = graphql(`
  fragment DeployPlan on Plan {
    packageName
    version
    action
    installType
    targetCount
    runnableCount
    skippedCount
    offlineCount
    conflictCount
    maxConcurrency
    maxErrors
    warnings
    maintenanceWindowOpen
    nextWindowOpensAt
    waves {
      number
      size
    }
    targets {
      instanceId
      name
      platform
      platformVersion
      arch
      online
      wave
      fileName
      fileSize
      skipReason
      skipDetail
      conflictingRollouts
      installedVersion
      installedState
      note
    }
  }
`);
