import { useMemo } from 'react';
import { Box, Paper, Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import dayjs from 'dayjs';
import type { ProgressEvent } from './progressReducer';
import { completionsOverTime, describeCompletions } from './timeline';

const clock = (ms: number) => dayjs(ms).format('HH:mm:ss');

/** Cumulative successes and failures over the run's life, from its history and the live stream, with a sentence saying the same. */
export function CompletionsChart({ events }: { events: ProgressEvent[] }) {
  const points = useMemo(() => completionsOverTime(events), [events]);
  return (
    <Paper variant="outlined" component="section" aria-labelledby="completions-chart-title" sx={{ p: 2, mb: 2 }}>
      <Typography id="completions-chart-title" variant="h6" component="h2">
        Completions and failures over time
      </Typography>
      {points.length === 0 ? (
        <Typography color="text.secondary" sx={{ py: 2 }}>
          No invocation has finished yet; the chart fills in as hosts report.
        </Typography>
      ) : (
        <Box sx={{ height: 260 }}>
          <LineChart
            height={260}
            xAxis={[{
              data: points.map((p) => new Date(p.at)),
              scaleType: 'time',
              valueFormatter: (value: Date) => dayjs(value).format('HH:mm:ss'),
            }]}
            series={[
              { data: points.map((p) => p.successes), label: 'Succeeded', color: '#2e7d32', showMark: false },
              { data: points.map((p) => p.failures), label: 'Failed or timed out', color: '#d32f2f', showMark: false },
            ]}
          />
        </Box>
      )}
      {points.length > 0 && (
        <Typography id="completions-chart-summary" variant="body2" color="text.secondary">
          {describeCompletions(points, clock)}
        </Typography>
      )}
    </Paper>
  );
}
