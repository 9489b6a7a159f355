import { createTheme } from '@mui/material/styles';

/** One theme for the console; the palette keeps text contrast at WCAG AA (axe checks it in the e2e run). */
export const theme = createTheme({
  palette: {
    primary: { main: '#1f4e9c' },
    success: { main: '#1b7a3a' },
    warning: { main: '#a05a00' },
    error: { main: '#b3261e' },
    info: { main: '#0b5394' },
    background: { default: '#f6f7f9' },
  },
  typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
});
