import { useState } from 'react';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { Box, Button, FormControl, FormHelperText, FormLabel, Stack, TextField, Typography } from '@mui/material';
import { graphql } from '../../gql';
import type { GeneratedVersionFragment } from '../../gql/graphql';
import { useAccess } from '../../auth/access';
import { ErrorNotice } from '../../common/ErrorNotice';
import { errorFor, serviceErrors } from '../../common/errors';
import { formatBytes } from '../../common/format';
import { RoleTooltip } from '../../common/RoleTooltip';
import { UploadProgress } from './UploadProgress';
import { useArtifactUpload } from './useArtifactUpload';
import { VersionReview } from './GeneratedVersion';
import { packageNameProblem } from './validation';
import {
  describeSyntaxError, manifestProblems, manifestVersion, parseManifestText, unlistedFiles, type ManifestProblem,
} from './manifestText';

export const PackageExistsQuery = graphql(`
  query PackageExists($name: String!) {
    package(name: $name) {
      name
    }
  }
`);

const CreatePackageMutation = graphql(`
  mutation CreatePackage($input: CreatePackageInput!) {
    createPackage(input: $input) {
      name
    }
  }
`);

export const AddPackageVersionMutation = graphql(`
  mutation AddPackageVersion($input: AddPackageVersionInput!) {
    addPackageVersion(input: $input) {
      ...GeneratedVersion
    }
  }
`);

const example = `{
  "schemaVersion": "2.0",
  "version": "1.0.0",
  "packages": {
    "_any": { "_any": { "x86_64": { "file": "app-linux.zip" } } }
  },
  "files": {
    "app-linux.zip": { "checksums": { "sha256": "<sha256 of app-linux.zip>" } }
  }
}`;

/**
 * The Advanced way: an AWS Distributor manifest and its zips. The JSON is checked here first (with
 * the line and column of a syntax error); the service's findings show next to what they concern:
 * manifest problems by JSON path under the manifest, field errors under their field.
 */
export function AdvancedForm() {
  const canPublish = useAccess().can('PUBLISH');
  const client = useApolloClient();
  const [packageName, setPackageName] = useState('');
  const [description, setDescription] = useState('');
  const [manifest, setManifest] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [local, setLocal] = useState<{ packageName?: string; manifest?: string; files?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [working, setWorking] = useState(false);
  const [step, setStep] = useState<string | undefined>();
  const [created, setCreated] = useState<GeneratedVersionFragment | null>(null);
  const uploads = useArtifactUpload();
  const [createPackage] = useMutation(CreatePackageMutation);
  const [addVersion] = useMutation(AddPackageVersionMutation);

  const errors = serviceErrors(failure);
  const problems: ManifestProblem[] = manifestProblems(failure);
  const fieldError = (field: string) => errorFor(errors, field);
  const manifestHelp =
    local.manifest ??
    fieldError('manifest') ??
    fieldError('version') ??
    (problems.length > 0 ? `${problems.length} problem${problems.length === 1 ? '' : 's'}, listed below` : undefined);

  const submit = async () => {
    setFailure(null);
    const checks: typeof local = {};
    const nameProblem = packageNameProblem(packageName);
    if (nameProblem) checks.packageName = nameProblem;
    const parsed = parseManifestText(manifest);
    let version: string | null = null;
    if (!parsed.ok) {
      checks.manifest = describeSyntaxError(parsed.error);
    } else {
      version = manifestVersion(parsed.value);
      if (!version) checks.manifest = 'The manifest needs a "version" (a string): the version it adds.';
      const unlisted = unlistedFiles(parsed.value, files.map((f) => f.name));
      if (unlisted.length > 0) checks.files = `Not listed under "files" in the manifest: ${unlisted.join(', ')}.`;
    }
    if (files.length === 0 && !checks.files) checks.files = 'Choose the zips the manifest lists.';
    setLocal(checks);
    if (Object.keys(checks).length > 0 || !version) {
      return;
    }
    setWorking(true);
    try {
      for (const [index, file] of files.entries()) {
        setStep(`file ${index + 1} of ${files.length}`);
        await uploads.upload(file, file.name);
      }
      setStep(undefined);
      const existing = await client.query({ query: PackageExistsQuery, variables: { name: packageName }, fetchPolicy: 'network-only' });
      if (!existing.data?.package) {
        await createPackage({
          variables: { input: { name: packageName, description: description.trim() === '' ? null : description } },
        });
      }
      const { data } = await addVersion({ variables: { input: { packageName, version, manifest } } });
      if (data) setCreated(data.addPackageVersion);
    } catch (e) {
      setFailure(e);
    } finally {
      setWorking(false);
    }
  };

  if (created) {
    return <VersionReview version={created} warnings={[]} heading="Scripts in the zips" />;
  }

  return (
    <Box component="form" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }} sx={{ maxWidth: 880 }}>
      <Stack spacing={2}>
        <TextField
          label="Package name"
          value={packageName}
          onChange={(e) => setPackageName(e.target.value)}
          required
          error={Boolean(local.packageName ?? fieldError('packageName') ?? fieldError('name'))}
          helperText={local.packageName ?? fieldError('packageName') ?? fieldError('name') ?? 'Created when missing.'}
        />
        <TextField
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={Boolean(fieldError('description'))}
          helperText={fieldError('description') ?? 'Optional; used when the package is new.'}
        />
        <TextField
          label="Manifest"
          value={manifest}
          onChange={(e) => setManifest(e.target.value)}
          placeholder={example}
          multiline
          minRows={12}
          required
          error={Boolean(manifestHelp)}
          helperText={manifestHelp ?? 'AWS Distributor format (JSON); its "version" is the version added.'}
          slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 13 } } }}
        />
        {problems.length > 0 && (
          <Box component="ul" aria-label="Manifest problems" sx={{ m: 0, pl: 3, color: 'error.main' }}>
            {problems.map((p, i) => (
              <li key={i}>
                <Box component="code" sx={{ fontWeight: 600 }}>{p.jsonPath}</Box>: {p.message}
              </li>
            ))}
          </Box>
        )}
        <FormControl error={Boolean(local.files ?? fieldError('fileName') ?? fieldError('size') ?? fieldError('sha256'))}>
          <FormLabel htmlFor="package-files">Package files (zips)</FormLabel>
          <Box
            component="input"
            id="package-files"
            type="file"
            multiple
            accept=".zip,application/zip"
            aria-label="Package files"
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFiles(Array.from(e.target.files ?? []))}
            sx={{ mt: 1 }}
          />
          {files.length > 0 && (
            <Typography variant="body2" sx={{ mt: 1 }}>
              {files.map((f) => `${f.name} (${formatBytes(f.size)})`).join(', ')}
            </Typography>
          )}
          <FormHelperText>{local.files ?? fieldError('fileName') ?? fieldError('size') ?? fieldError('sha256') ?? ' '}</FormHelperText>
        </FormControl>
        <UploadProgress state={uploads.state} detail={step} />
        <ErrorNotice error={failure} title="The version was not added" />
        <Box>
          <RoleTooltip allowed={canPublish}>
            <Button type="submit" variant="contained" size="large" disabled={!canPublish || working}>
              Create package
            </Button>
          </RoleTooltip>
        </Box>
      </Stack>
    </Box>
  );
}
