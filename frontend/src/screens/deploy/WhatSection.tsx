import { useState } from 'react';
import { useQuery } from '@apollo/client/react';
import {
  Autocomplete, Box, Button, FormControl, FormControlLabel, FormHelperText, FormLabel, IconButton, Radio, RadioGroup,
  Stack, TextField, Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import type { DeploymentAction, InstallType } from '../../gql/graphql';
import { newRowId } from './deployForm';
import type { SectionProps } from './formParts';
import { useDebounced } from '../../common/useDebounced';
import { DeployPackagesQuery, DeployPackageVersionsQuery, PACKAGE_CHOICES } from './queries';

/** The option of the "Version" combobox that sends no version: the package's default when the run starts. */
const DEFAULT_OPTION = '';

/** Whether a string is worth asking the service about as a package name (its rule: 3-128 of [A-Za-z0-9_.-]). */
const askable = (name: string) => /^[A-Za-z0-9_.-]{3,128}$/.test(name);

/** What the chosen version means, under the "Version" field. */
function versionNote(
  action: DeploymentAction,
  version: string | null,
  defaultVersion: string | null | undefined,
  state: string | undefined,
  loaded: boolean,
): string | undefined {
  if (version !== null) {
    return state === 'DRAFT' ? 'A DRAFT version cannot be deployed: publish it first.' : undefined;
  }
  if (action === 'UNINSTALL') {
    return 'Uninstalls whatever version each target has.';
  }
  if (!loaded) {
    return 'The package\u2019s default version, resolved when the run starts.';
  }
  return defaultVersion
    ? `The package's default, now ${defaultVersion}, resolved when the run starts.`
    : 'The package has no default version yet: publish one, or choose a version.';
}

/** Step 1: which package, which version, install or uninstall, how, and additional arguments. */
export function WhatSection({ form, update, error, argumentError }: SectionProps & {
  argumentError: (row: number, part: 'name' | 'value') => string | undefined;
}) {
  const packageName = form.packageName.trim();
  // What is typed in "Package": the service searches names starting with it, once typing pauses.
  const [packageSearch, setPackageSearch] = useState(packageName);
  const namePrefix = useDebounced(packageSearch.trim(), 300);
  const packages = useQuery(DeployPackagesQuery, {
    variables: { namePrefix: namePrefix || null, first: PACKAGE_CHOICES },
  });
  const versions = useQuery(DeployPackageVersionsQuery, {
    variables: { name: packageName },
    skip: !askable(packageName),
  });

  const packageNames = (packages.data?.packages.edges ?? [])
    .filter((edge) => !edge.node.archived)
    .map((edge) => edge.node.name);
  // The chosen value (also one prefilled from ?package=) must always be one of the options (MUI warns otherwise),
  // also before the list arrives and when the search no longer finds it.
  const packageOptions = packageName && !packageNames.includes(packageName) ? [packageName, ...packageNames] : packageNames;

  const pkg = versions.data?.package;
  const offered = (pkg?.versions ?? [])
    .filter((v) => v.state === 'PUBLISHED' || (form.action === 'UNINSTALL' && v.state === 'DEPRECATED'))
    .map((v) => v.version);
  const chosen = form.version ?? DEFAULT_OPTION;
  const versionOptions = [DEFAULT_OPTION, ...offered];
  if (!versionOptions.includes(chosen)) {
    versionOptions.push(chosen);
  }
  const stateOf = (version: string) => pkg?.versions?.find((v) => v.version === version);

  const versionHelp = error('version') ?? versionNote(form.action, form.version, pkg?.defaultVersion,
    form.version === null ? undefined : stateOf(form.version)?.state, Boolean(pkg));

  return (
    <Stack spacing={2.5}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <Autocomplete
          sx={{ flex: 1 }}
          options={packageOptions}
          // The service already filtered by prefix; filtering again here would hide its answer while the search settles.
          filterOptions={(options) => options}
          value={packageName || null}
          inputValue={packageSearch}
          onInputChange={(_, value) => setPackageSearch(value)}
          loading={packages.loading}
          onChange={(_, value) => update({ packageName: value ?? '', version: null })}
          renderInput={(params) => (
            <TextField {...params} label="Package" required
              error={Boolean(error('package', 'packageName'))}
              helperText={error('package', 'packageName')
                ?? (packages.data && packageNames.length === 0
                  ? (namePrefix ? `No package starts with “${namePrefix}”.` : 'No package yet: create one under Packages.')
                  : ' ')} />
          )}
        />
        <Autocomplete
          sx={{ flex: 1 }}
          disableClearable
          options={versionOptions}
          value={chosen}
          loading={versions.loading}
          getOptionLabel={(option) => (option === DEFAULT_OPTION ? '(default version)' : option)}
          onChange={(_, value) => update({ version: value === DEFAULT_OPTION ? null : value })}
          renderOption={(props, option) => {
            const { key, ...rest } = props;
            const v = option === DEFAULT_OPTION ? undefined : stateOf(option);
            return (
              <li key={key} {...rest}>
                {option === DEFAULT_OPTION ? '(default version)' : option}
                {v?.isDefault && <Typography component="span" color="text.secondary">&nbsp;· default</Typography>}
                {v && v.state !== 'PUBLISHED' && (
                  <Typography component="span" color="text.secondary">&nbsp;· {v.state.toLowerCase()}</Typography>
                )}
              </li>
            );
          }}
          renderInput={(params) => (
            <TextField {...params} label="Version" error={Boolean(error('version'))} helperText={versionHelp ?? ' '} />
          )}
        />
      </Stack>

      <Stack direction={{ xs: 'column', md: 'row' }} spacing={4}>
        <FormControl error={Boolean(error('action'))}>
          <FormLabel id="deploy-action">Action</FormLabel>
          <RadioGroup row aria-labelledby="deploy-action" value={form.action}
            onChange={(e) => update({ action: e.target.value as DeploymentAction })}>
            <FormControlLabel value="INSTALL" control={<Radio />} label="Install" />
            <FormControlLabel value="UNINSTALL" control={<Radio />} label="Uninstall" />
          </RadioGroup>
          {error('action') && <FormHelperText>{error('action')}</FormHelperText>}
        </FormControl>
        <FormControl disabled={form.action === 'UNINSTALL'} error={Boolean(error('installType'))}>
          <FormLabel id="deploy-install-type">How an install replaces what is there</FormLabel>
          <RadioGroup row aria-labelledby="deploy-install-type" value={form.installType}
            onChange={(e) => update({ installType: e.target.value as InstallType })}>
            <FormControlLabel value="REINSTALL" control={<Radio />} label="Uninstall and reinstall" />
            <FormControlLabel value="IN_PLACE" control={<Radio />} label="In-place update" />
          </RadioGroup>
          <FormHelperText>
            {error('installType') ?? (form.installType === 'IN_PLACE'
              ? 'Runs the new version\u2019s update script; the plan warns when a file has none.'
              : 'Uninstalls the old version, then installs the new one.')}
          </FormHelperText>
        </FormControl>
      </Stack>

      <Box>
        <FormLabel component="div" sx={{ mb: 1 }}>Additional arguments (optional)</FormLabel>
        <Stack spacing={1}>
          {form.arguments.map((argument, row) => (
            <Stack key={argument.id} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
              <TextField size="small" label={`Argument ${row + 1} name`} placeholder="SSM_PORT" value={argument.name}
                error={Boolean(argumentError(row, 'name'))} helperText={argumentError(row, 'name')}
                onChange={(e) => update({
                  arguments: form.arguments.map((a, i) => (i === row ? { ...a, name: e.target.value } : a)),
                })} />
              <TextField size="small" sx={{ flex: 1 }} label={`Argument ${row + 1} value`} value={argument.value}
                error={Boolean(argumentError(row, 'value'))} helperText={argumentError(row, 'value')}
                onChange={(e) => update({
                  arguments: form.arguments.map((a, i) => (i === row ? { ...a, value: e.target.value } : a)),
                })} />
              <IconButton aria-label={`Remove argument ${row + 1}`}
                onClick={() => update({ arguments: form.arguments.filter((_, i) => i !== row) })}>
                <DeleteIcon />
              </IconButton>
            </Stack>
          ))}
        </Stack>
        {error('arguments') && <FormHelperText error>{error('arguments')}</FormHelperText>}
        <Button size="small" sx={{ mt: 1 }}
          onClick={() => update({ arguments: [...form.arguments, { id: newRowId(), name: '', value: '' }] })}>
          Add argument
        </Button>
        <FormHelperText>Each reaches the package&apos;s scripts as an environment variable; names begin with SSM_.</FormHelperText>
      </Box>
    </Stack>
  );
}
