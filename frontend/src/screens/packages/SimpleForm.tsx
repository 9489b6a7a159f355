import { useState } from 'react';
import { useDropzone } from 'react-dropzone';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Box, Button, Checkbox, FormControl, FormControlLabel, FormGroup, FormHelperText, FormLabel, Paper, Skeleton, Stack,
  TextField, Typography,
} from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { graphql } from '../../gql';
import type { GeneratedVersionFragment } from '../../gql/graphql';
import { useAccess } from '../../auth/access';
import { ErrorNotice } from '../../common/ErrorNotice';
import { errorFor, serviceErrors } from '../../common/errors';
import { formatBytes } from '../../common/format';
import { RoleTooltip } from '../../common/RoleTooltip';
import { PlatformsQuery } from './PlatformMatrix';
import { UploadProgress } from './UploadProgress';
import { useArtifactUpload } from './useArtifactUpload';
import { VersionReview } from './GeneratedVersion';
import { safeFileName, simpleFormProblems } from './validation';

export const CreateSimplePackageMutation = graphql(`
  mutation CreateSimplePackage($input: CreateSimplePackageInput!) {
    createSimplePackage(input: $input) {
      warnings
      version {
        ...GeneratedVersion
      }
    }
  }
`);

const targetKey = (platform: string, arch: string) => `${platform} ${arch}`;

/**
 * The Simple way, as in AWS: one installer and the platforms it is for; the service writes the
 * install, uninstall and update scripts, the zips and the manifest, as a DRAFT to review and publish.
 */
export function SimpleForm() {
  const canPublish = useAccess().can('PUBLISH');
  const platforms = useQuery(PlatformsQuery);
  const [packageName, setPackageName] = useState('');
  const [version, setVersion] = useState('');
  const [description, setDescription] = useState('');
  const [installer, setInstaller] = useState<File | null>(null);
  const [ticked, setTicked] = useState<string[]>([]);
  const [showProblems, setShowProblems] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [working, setWorking] = useState(false);
  const [created, setCreated] = useState<{ version: GeneratedVersionFragment; warnings: string[] } | null>(null);
  const uploads = useArtifactUpload();
  // No refetch of the package list: it is not on screen (a refetch of an inactive query only warns), and it reads
  // the network again when it mounts (cache-and-network).
  const [createSimple] = useMutation(CreateSimplePackageMutation);
  const { getRootProps, getInputProps, isDragActive } = useDropzone({
    multiple: false,
    onDrop: (files) => {
      setInstaller(files[0] ?? null);
      uploads.reset();
    },
  });

  const targets = ticked.map((key) => {
    const [platform = '', arch = ''] = key.split(' ');
    return { platform, arch };
  });
  const problems = simpleFormProblems({ packageName, version, description, installer, targets });
  const errors = serviceErrors(failure);
  const entryError = errors.find((e) => e.field?.startsWith('entries'))?.message;
  const shown = (field: string) => (showProblems ? problems[field] : undefined) ?? errorFor(errors, field);

  const toggle = (key: string) => setTicked((now) => (now.includes(key) ? now.filter((k) => k !== key) : [...now, key]));

  const submit = async () => {
    setShowProblems(true);
    if (Object.keys(problems).length > 0 || !installer) {
      return;
    }
    setFailure(null);
    setWorking(true);
    try {
      const stored = await uploads.upload(installer, safeFileName(installer.name));
      const { data } = await createSimple({
        variables: {
          input: {
            packageName,
            version,
            description: description.trim() === '' ? null : description,
            installer: stored,
            entries: targets.map((t) => ({ platform: t.platform, arch: t.arch })),
          },
        },
      });
      if (data) {
        setCreated({ version: data.createSimplePackage.version, warnings: data.createSimplePackage.warnings });
      }
    } catch (e) {
      setFailure(e);
    } finally {
      setWorking(false);
    }
  };

  if (created) {
    return <VersionReview version={created.version} warnings={created.warnings} heading="Generated scripts" />;
  }

  return (
    <Box component="form" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }} sx={{ maxWidth: 880 }}>
      <Stack spacing={2}>
        <Stack direction="row" spacing={2}>
          <TextField
            label="Package name"
            value={packageName}
            onChange={(e) => setPackageName(e.target.value)}
            required
            error={Boolean(shown('packageName'))}
            helperText={shown('packageName') ?? 'Created when missing; 3 to 128 letters, digits, _ . -'}
            sx={{ flex: 1 }}
          />
          <TextField
            label="Version"
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            required
            error={Boolean(shown('version'))}
            helperText={shown('version') ?? 'e.g. 1.0.0'}
            sx={{ width: 220 }}
          />
        </Stack>
        <TextField
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          multiline
          minRows={2}
          error={Boolean(shown('description'))}
          helperText={shown('description') ?? 'Optional; used when the package is new.'}
        />
        <FormControl error={Boolean(shown('installer') ?? errorFor(errors, 'installer.sha256'))}>
          <Paper
            variant="outlined"
            // react-dropzone makes the zone focusable (Enter or Space opens the file chooser) but calls it a
            // presentation: name it as the button it is. The hidden file input keeps its label "Installer".
            {...getRootProps({
              role: 'button',
              'aria-label': installer ? `Installer file ${installer.name}: choose another` : 'Choose the installer file',
              'aria-describedby': 'simple-installer-help',
            })}
            sx={{
              p: 3,
              textAlign: 'center',
              cursor: 'pointer',
              borderStyle: 'dashed',
              borderColor: isDragActive ? 'primary.main' : undefined,
              bgcolor: isDragActive ? 'action.hover' : undefined,
            }}
          >
            <UploadFileIcon color="action" />
            <Typography>
              {installer
                ? `${installer.name} (${formatBytes(installer.size)})`
                : 'Drop the installer here, or click to choose it: .deb, .rpm, .msi, .tar.gz, .exe or a plain executable'}
            </Typography>
          </Paper>
          {/* Beside the drop zone, not in it: the zone is a button, and a control inside a button is unreachable. */}
          <input {...getInputProps({ 'aria-label': 'Installer' })} />
          <FormHelperText id="simple-installer-help">{shown('installer') ?? errorFor(errors, 'installer.sha256') ?? ' '}</FormHelperText>
        </FormControl>
        <FormControl component="fieldset" error={Boolean(shown('entries') ?? entryError)}>
          <FormLabel component="legend">Platforms and architectures it installs on</FormLabel>
          {platforms.loading && !platforms.data && <Skeleton height={120} />}
          <ErrorNotice error={platforms.error} />
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 1, mt: 1 }}>
            {(platforms.data?.platforms ?? []).map((platform) => (
              <Box key={platform.code}>
                <Typography variant="body2" color="text.secondary" title={platform.note ?? undefined}>
                  {platform.displayName}
                </Typography>
                <FormGroup row>
                  {platform.architectures.map((arch) => {
                    const key = targetKey(platform.code, arch);
                    return (
                      <FormControlLabel
                        key={key}
                        label={key}
                        control={<Checkbox size="small" checked={ticked.includes(key)} onChange={() => toggle(key)} />}
                      />
                    );
                  })}
                </FormGroup>
              </Box>
            ))}
          </Box>
          <FormHelperText>{shown('entries') ?? entryError ?? ' '}</FormHelperText>
        </FormControl>
        <UploadProgress state={uploads.state} />
        <ErrorNotice error={failure} title="The package was not created" />
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
