import { useEffect, useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import {
  AppBar, Box, Button, Chip, Drawer, List, ListItem, ListItemButton, ListItemIcon, ListItemText, Toolbar, Typography,
} from '@mui/material';
import Inventory2Icon from '@mui/icons-material/Inventory2';
import DnsIcon from '@mui/icons-material/Dns';
import RocketLaunchIcon from '@mui/icons-material/RocketLaunch';
import TimelineIcon from '@mui/icons-material/Timeline';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import { useAccess } from '../auth/access';
import { useSignOut } from '../auth/AuthGate';
import { subscribeLiveState, type LiveState } from './apollo';

const drawerWidth = 220;

const liveLabel: Record<LiveState, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Disconnected: sign in again',
};

const sections = [
  { to: '/packages', label: 'Packages', icon: <Inventory2Icon /> },
  { to: '/fleet', label: 'Fleet', icon: <DnsIcon /> },
  { to: '/deploy', label: 'Deploy', icon: <RocketLaunchIcon /> },
  { to: '/rollouts', label: 'Rollouts', icon: <TimelineIcon /> },
  { to: '/audit', label: 'Audit', icon: <FactCheckIcon /> },
];

/** The frame around every screen: the title bar (who is signed in, whether live updates flow) and the navigation. */
export function Shell() {
  const access = useAccess();
  const signOut = useSignOut();
  const live = useLiveState();
  return (
    <Box sx={{ display: 'flex' }}>
      <AppBar position="fixed">
        <Toolbar sx={{ gap: 2 }}>
          <Typography component="span" variant="h6" sx={{ flexGrow: 1, fontWeight: 700 }}>
            Distributor
          </Typography>
          <Chip
            size="small"
            color={live === 'connected' ? 'success' : 'warning'}
            label={liveLabel[live]}
            aria-live="polite"
            sx={{ color: 'common.white' }}
          />
          <Typography component="span" variant="body2" aria-label="Signed in as">
            {access.localMode ? 'Local mode' : access.name}
            {access.roles.length > 0 && ` · ${access.roles.join(', ')}`}
          </Typography>
          {signOut && (
            <Button color="inherit" onClick={signOut}>
              Sign out
            </Button>
          )}
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        // Under the title bar (the navigation starts below it), while a screen's own temporary drawers, as
        // modals, still cover both.
        sx={{
          width: drawerWidth,
          flexShrink: 0,
          zIndex: (theme) => theme.zIndex.appBar - 1,
          '& .MuiDrawer-paper': { width: drawerWidth, boxSizing: 'border-box' },
        }}
      >
        <Toolbar />
        <Box component="nav" aria-label="Sections">
          <List>
            {sections.map((section) => (
              <ListItem key={section.to} disablePadding>
                <ListItemButton component={NavLink} to={section.to} sx={{ '&.active': { bgcolor: 'action.selected' } }}>
                  <ListItemIcon>{section.icon}</ListItemIcon>
                  <ListItemText primary={section.label} />
                </ListItemButton>
              </ListItem>
            ))}
          </List>
        </Box>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar />
        <Outlet />
      </Box>
    </Box>
  );
}

function useLiveState(): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => subscribeLiveState(setState), []);
  return state;
}
