import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { Alert, Box, Button, CircularProgress, Paper, Stack, Step as StepperStep, StepLabel, Stepper, Tooltip, Typography } from '@mui/material';
import { PageHeader } from '../../common/PageHeader';
import { ErrorNotice } from '../../common/ErrorNotice';
import { RoleTooltip, needsDeployer } from '../../common/RoleTooltip';
import { errorFor, serviceErrors } from '../../common/errors';
import { useAccess } from '../../auth/access';
import type { DeployPlanFragment } from '../../gql/graphql';
import { emptyDeployForm, type DeployFormState } from './deployForm';
import { fieldError } from './deployValidation';
import { toDeploymentInput } from './toDeploymentInput';
import { newIdempotencyKey } from './formParts';
import { CreateDeploymentMutation, DeployPlanQuery, StartRolloutMutation } from './queries';
import { PlanSummary } from './PlanSummary';
import { WhatSection } from './WhatSection';
import { WhereSection } from './WhereSection';
import { HowSection } from './HowSection';

function Step({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  return (
    <Paper component="section" aria-labelledby={`deploy-step-${number}`} variant="outlined" sx={{ p: 2.5, mb: 2 }}>
      <Typography id={`deploy-step-${number}`} variant="h2" sx={{ fontSize: 18, fontWeight: 600, mb: 2 }}>
        {number}. {title}
      </Typography>
      {children}
    </Paper>
  );
}

/**
 * /deploy: what, where and how, then the plan of a run started now, then the start. "Start rollout" is offered
 * only for the inputs the plan shown was made for, so nobody starts something other than what they read.
 */
export function DeployPage() {
  const [params] = useSearchParams();
  const [form, setForm] = useState<DeployFormState>(() => ({
    ...emptyDeployForm,
    packageName: params.get('package')?.trim() ?? '',
    version: params.get('version')?.trim() || null,
  }));
  const [attempted, setAttempted] = useState(false);
  const [planned, setPlanned] = useState<{ key: string; plan: DeployPlanFragment } | null>(null);
  const [planning, setPlanning] = useState(false);
  const [planError, setPlanError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  // One key per submission: a retry of the same inputs (after a lost answer) must not create a second deployment.
  const submission = useRef<{ key: string; idempotencyKey: string } | null>(null);

  const client = useApolloClient();
  const [createDeployment] = useMutation(CreateDeploymentMutation);
  const [startRollout] = useMutation(StartRolloutMutation);
  const navigate = useNavigate();
  const access = useAccess();

  const built = useMemo(() => toDeploymentInput(form), [form]);
  const inputKey = built.input ? JSON.stringify(built.input) : null;
  const planIsCurrent = planned !== null && planned.key === inputKey;

  const lastServiceErrors = serviceErrors(startError ?? planError);
  const clientErrors = attempted ? built.errors : {};
  const error = (...fields: string[]) => fieldError(clientErrors, (f) => errorFor(lastServiceErrors, f), ...fields);
  const argumentError = (row: number, part: 'name' | 'value') => {
    const sent = built.argumentRows.indexOf(row);
    return clientErrors[`arguments[${row}].${part}`]
      ?? (sent >= 0 ? errorFor(lastServiceErrors, `arguments[${sent}].${part}`) : undefined);
  };

  const update = (patch: Partial<DeployFormState>) => setForm((current) => ({ ...current, ...patch }));

  const preview = async () => {
    setAttempted(true);
    setStartError(null);
    if (!built.input || inputKey === null) {
      return;
    }
    setPlanning(true);
    setPlanError(null);
    try {
      const { data } = await client.query({
        query: DeployPlanQuery,
        variables: { deployment: built.input },
        fetchPolicy: 'network-only',
      });
      if (!data) {
        throw new Error('The service answered no plan.');
      }
      setPlanned({ key: inputKey, plan: data.plan });
    } catch (e) {
      setPlanned(null);
      setPlanError(e);
    } finally {
      setPlanning(false);
    }
  };

  const start = async () => {
    if (!built.input || !planIsCurrent || inputKey === null) {
      return;
    }
    if (submission.current?.key !== inputKey) {
      submission.current = { key: inputKey, idempotencyKey: newIdempotencyKey() };
    }
    const idempotencyKey = submission.current.idempotencyKey;
    setStarting(true);
    setStartError(null);
    try {
      const created = await createDeployment({ variables: { input: { ...built.input, idempotencyKey } } });
      const deployment = created.data?.createDeployment;
      if (!deployment) {
        throw new Error('The service answered no deployment.');
      }
      const run = deployment.latestRollout;
      if (deployment.schedule.kind !== 'ONCE' || !run) {
        // A scheduled deployment starts its runs itself; its list shows them as they come.
        navigate('/rollouts');
        return;
      }
      let rolloutId = run.id;
      if (run.state === 'PLANNED') {
        const started = await startRollout({ variables: { id: run.id, idempotencyKey } });
        rolloutId = started.data?.startRollout.id ?? run.id;
      }
      navigate(`/rollouts/${rolloutId}`);
    } catch (e) {
      setStartError(e);
    } finally {
      setStarting(false);
    }
  };

  const once = form.scheduleKind === 'ONCE';
  const startLabel = once ? 'Start rollout' : 'Create scheduled deployment';
  const mayDeploy = access.can('DEPLOY');
  const previewFirst = mayDeploy && !planIsCurrent;
  const startButton = (
    <Button variant="contained" onClick={() => void start()} disabled={!mayDeploy || !planIsCurrent || starting}
      startIcon={starting ? <CircularProgress size={16} aria-hidden /> : undefined}>
      {startLabel}
    </Button>
  );
  // Where the user stands: each step counts as done once the form holds what it asks for.
  const activeStep = built.errors.package ? 0 : built.errors.selector ? 1 : planIsCurrent ? 3 : 2;
  const hasClientErrors = attempted && Object.keys(built.errors).length > 0;

  return (
    <Box sx={{ maxWidth: 1200 }}>
      <PageHeader title="Deploy" subtitle="Choose what to deploy, where and how; read the plan; then start." />
      <Stepper activeStep={activeStep} sx={{ mb: 3 }}>
        {['What', 'Where', 'How', 'Plan and start'].map((label) => (
          <StepperStep key={label}>
            <StepLabel>{label}</StepLabel>
          </StepperStep>
        ))}
      </Stepper>
      <Step number={1} title="What">
        <WhatSection form={form} update={update} error={error} argumentError={argumentError} />
      </Step>
      <Step number={2} title="Where">
        <WhereSection form={form} update={update} error={error} />
      </Step>
      <Step number={3} title="How">
        <HowSection form={form} update={update} error={error} />
      </Step>

      {hasClientErrors && (
        <Alert severity="error" sx={{ mb: 2 }}>Some fields need a fix before the plan can be made: see the messages above.</Alert>
      )}
      <ErrorNotice error={planError} title="The plan could not be made" />
      <ErrorNotice error={startError} title={once ? 'The rollout could not be started' : 'The deployment could not be created'} />

      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button variant="outlined" onClick={() => void preview()} disabled={planning}
          startIcon={planning ? <CircularProgress size={16} aria-hidden /> : undefined}>
          Preview plan
        </Button>
        {/* A disabled button fires no events: the spans around it carry the reason and take the focus instead, the
            outer one for a missing role, the inner one for a missing plan. Both are always there, so the button is
            not remounted when access or the plan arrives. */}
        <RoleTooltip allowed={mayDeploy} title={needsDeployer}>
          <Tooltip title={previewFirst ? 'Preview the plan for these inputs first.' : ''} describeChild>
            <span tabIndex={previewFirst ? 0 : undefined} style={{ display: 'inline-flex' }}>{startButton}</span>
          </Tooltip>
        </RoleTooltip>
      </Stack>

      {planned && !planIsCurrent && (
        <Alert severity="info" sx={{ mt: 2 }}>The inputs changed since this plan was made: preview the plan again before starting.</Alert>
      )}
      {planned && <PlanSummary plan={planned.plan} />}
    </Box>
  );
}
