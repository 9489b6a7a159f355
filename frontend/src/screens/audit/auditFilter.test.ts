import dayjs from 'dayjs';
import { emptyAuditFilterForm, prettyJson, toAuditFilter } from './auditFilter';

describe('toAuditFilter', () => {
  it('filters by nothing when every field is blank and the outcome is ALL', () => {
    expect(toAuditFilter(emptyAuditFilterForm)).toEqual({ ok: true, filter: {} });
  });

  it('maps each field, trimmed, to its AuditFilterInput criterion with times in UTC', () => {
    expect(
      toAuditFilter({
        actor: ' alice ',
        action: 'package.*',
        resource: 'package/hello',
        outcome: 'REFUSED',
        from: dayjs('2026-01-31T08:00:00Z'),
        to: dayjs('2026-01-31T09:30:00Z'),
      }),
    ).toEqual({
      ok: true,
      filter: {
        actor: 'alice',
        action: 'package.*',
        resource: 'package/hello',
        outcome: 'REFUSED',
        from: '2026-01-31T08:00:00.000Z',
        to: '2026-01-31T09:30:00.000Z',
      },
    });
  });

  it('refuses To at or before From', () => {
    const at = dayjs('2026-01-31T08:00:00Z');
    expect(toAuditFilter({ ...emptyAuditFilterForm, from: at, to: at })).toEqual({
      ok: false,
      errors: { to: 'Must be after From' },
    });
  });

  it('refuses a half-typed date', () => {
    const result = toAuditFilter({ ...emptyAuditFilterForm, from: dayjs('not a date') });
    expect(result).toEqual({ ok: false, errors: { from: 'Enter a complete date and time' } });
  });

  it('accepts a * only at the end of an action or resource', () => {
    expect(toAuditFilter({ ...emptyAuditFilterForm, resource: 'package/hello/*' }).ok).toBe(true);
    const result = toAuditFilter({ ...emptyAuditFilterForm, action: 'package.*.create' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.action).toMatch(/trailing \*/);
  });
});

describe('prettyJson', () => {
  it('indents a JSON object and leaves other text as it is', () => {
    expect(prettyJson('{"a":1,"b":{"c":null}}')).toBe('{\n  "a": 1,\n  "b": {\n    "c": null\n  }\n}');
    expect(prettyJson('not json')).toBe('not json');
  });
});
