import { useState } from 'react';
import { Box, Tab, Tabs, Typography } from '@mui/material';
import { PageHeader } from '../../common/PageHeader';
import { SimpleForm } from './SimpleForm';
import { AdvancedForm } from './AdvancedForm';

type Way = 'simple' | 'advanced';

/** `/packages/new`: a package the Simple way (one installer) or the Advanced way (manifest and zips). */
export function NewPackage() {
  const [way, setWay] = useState<Way>('simple');
  return (
    <>
      <PageHeader title="New package" subtitle="Creates the package when it is new, and adds a DRAFT version to review and publish." />
      <Tabs value={way} onChange={(_e, next: Way) => setWay(next)} aria-label="How to create the package" sx={{ mb: 3 }}>
        <Tab value="simple" label="Simple" id="tab-simple" aria-controls="panel-simple" />
        <Tab value="advanced" label="Advanced" id="tab-advanced" aria-controls="panel-advanced" />
      </Tabs>
      <Box role="tabpanel" id="panel-simple" aria-labelledby="tab-simple" hidden={way !== 'simple'}>
        {way === 'simple' && (
          <>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              Drop one installer and tick where it installs: Distributor writes the install, uninstall and update scripts, the zips and the manifest.
            </Typography>
            <SimpleForm />
          </>
        )}
      </Box>
      <Box role="tabpanel" id="panel-advanced" aria-labelledby="tab-advanced" hidden={way !== 'advanced'}>
        {way === 'advanced' && (
          <>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              Bring your own AWS Distributor manifest and the zips it lists (each with its install and uninstall scripts).
            </Typography>
            <AdvancedForm />
          </>
        )}
      </Box>
    </>
  );
}
