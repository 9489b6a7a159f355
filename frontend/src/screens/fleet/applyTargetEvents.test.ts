import {
  applyTargetEvents, mayChangeCount, newestPerTarget, targetMatches,
  type FleetEvent, type TargetPage, type TargetRow, type TargetState,
} from './applyTargetEvents';

function row(instanceId: string, changes: Partial<TargetRow> = {}): TargetRow {
  return {
    instanceId, name: instanceId, driver: 'AGENT', platform: 'ubuntu', platformVersion: '22.04', arch: 'x86_64',
    account: '111', region: 'eu-west-1', online: true, lastSeen: '2026-12-01T19:00:00Z',
    tags: [{ key: 'env', value: 'prod' }], installed: [], ...changes,
  };
}

function event(seq: number, type: string, instanceId: string, changes: Partial<TargetState> = {}): FleetEvent {
  const { driver: _driver, lastSeen: _lastSeen, instanceId: _id, ...state } = row(instanceId);
  return { seq, type, instanceId, at: `2026-12-01T20:00:${String(seq).padStart(2, '0')}Z`, target: { ...state, ...changes } };
}

const page = (rows: TargetRow[], more: Partial<TargetPage> = {}): TargetPage => ({ rows, isFirstPage: true, hasNextPage: false, ...more });
const ids = (p: TargetPage) => p.rows.map((r) => r.instanceId);

describe('applyTargetEvents', () => {
  it('turns a target offline and online again without touching the others', () => {
    const before = page([row('mi-1'), row('mi-2')]);
    const after = applyTargetEvents(before, [event(1, 'TARGET_OFFLINE', 'mi-2', { online: false })], {});
    expect(after.rows.map((r) => r.online)).toEqual([true, false]);
    const back = applyTargetEvents(after, [event(2, 'TARGET_ONLINE', 'mi-2', { online: true })], {});
    expect(back.rows[1]?.online).toBe(true);
    expect(back.rows[1]?.lastSeen).toBe('2026-12-01T20:00:02Z');
    expect(before.rows[1]?.online).toBe(true);
  });

  it('takes new tags and installed packages from the event', () => {
    const after = applyTargetEvents(page([row('mi-1')]), [
      event(3, 'TAGS_CHANGED', 'mi-1', { tags: [{ key: 'env', value: 'prod' }, { key: 'canary', value: 'yes' }] }),
      event(4, 'INSTALLED_CHANGED', 'mi-1', {
        tags: [{ key: 'env', value: 'prod' }, { key: 'canary', value: 'yes' }],
        installed: [{ packageName: 'hello', version: '1.0.1', state: 'INSTALLED' }],
      }),
    ], {});
    expect(after.rows[0]?.tags).toHaveLength(2);
    expect(after.rows[0]?.installed).toEqual([{ packageName: 'hello', version: '1.0.1', state: 'INSTALLED' }]);
    expect(after.rows[0]?.driver).toBe('AGENT');
  });

  it('applies events in seq order whatever order they come in', () => {
    const after = applyTargetEvents(page([row('mi-1')]), [
      event(9, 'TARGET_ONLINE', 'mi-1', { online: true }),
      event(8, 'TARGET_OFFLINE', 'mi-1', { online: false }),
    ], {});
    expect(after.rows[0]?.online).toBe(true);
  });

  it('inserts a registered target at its place by instance id, driver unknown until the next fetch', () => {
    const after = applyTargetEvents(page([row('mi-1'), row('mi-3')]), [event(5, 'TARGET_REGISTERED', 'mi-2')], {});
    expect(ids(after)).toEqual(['mi-1', 'mi-2', 'mi-3']);
    expect(after.rows[1]?.driver).toBeNull();
    expect(after.rows[1]?.lastSeen).toBe('2026-12-01T20:00:05Z');
  });

  it('leaves a registered target to the page it belongs on', () => {
    const middle = page([row('mi-3'), row('mi-5')], { isFirstPage: false, hasNextPage: true });
    expect(ids(applyTargetEvents(middle, [event(1, 'TARGET_REGISTERED', 'mi-1')], {}))).toEqual(['mi-3', 'mi-5']);
    expect(ids(applyTargetEvents(middle, [event(1, 'TARGET_REGISTERED', 'mi-9')], {}))).toEqual(['mi-3', 'mi-5']);
    expect(ids(applyTargetEvents(middle, [event(1, 'TARGET_REGISTERED', 'mi-4')], {}))).toEqual(['mi-3', 'mi-4', 'mi-5']);
    const last = page([row('mi-3')], { isFirstPage: false, hasNextPage: false });
    expect(ids(applyTargetEvents(last, [event(1, 'TARGET_REGISTERED', 'mi-9')], {}))).toEqual(['mi-3', 'mi-9']);
  });

  it('removes a deregistered target', () => {
    expect(ids(applyTargetEvents(page([row('mi-1'), row('mi-2')]), [event(6, 'TARGET_DEREGISTERED', 'mi-1')], {}))).toEqual(['mi-2']);
  });

  it('drops a target that leaves the filter and adds one that enters it', () => {
    const filter = { tags: ['env=prod'] };
    const untagged = applyTargetEvents(page([row('mi-1')]), [event(7, 'TAGS_CHANGED', 'mi-1', { tags: [] })], filter);
    expect(ids(untagged)).toEqual([]);
    const tagged = applyTargetEvents(untagged, [event(8, 'TAGS_CHANGED', 'mi-1')], filter);
    expect(ids(tagged)).toEqual(['mi-1']);
  });

  it('gives the same page when the same events are applied twice (a refetch re-applies them)', () => {
    const events = [event(1, 'TARGET_REGISTERED', 'mi-2'), event(2, 'TARGET_OFFLINE', 'mi-1', { online: false })];
    const once = applyTargetEvents(page([row('mi-1')]), events, {});
    expect(applyTargetEvents(once, events, {})).toEqual(once);
  });
});

describe('newestPerTarget', () => {
  it('keeps only the newest event of each target', () => {
    const first = newestPerTarget(new Map(), [event(1, 'TARGET_OFFLINE', 'mi-1'), event(2, 'TARGET_OFFLINE', 'mi-2')]);
    const second = newestPerTarget(first, [event(3, 'TARGET_ONLINE', 'mi-1'), event(0, 'TARGET_REGISTERED', 'mi-2')]);
    expect([...second.values()].map((e) => e.seq).sort()).toEqual([2, 3]);
    expect(first.get('mi-1')?.seq).toBe(1);
  });
});

describe('targetMatches', () => {
  const { driver: _d, lastSeen: _l, instanceId: _i, ...state } = row('mi-1', {
    installed: [{ packageName: 'Hello', version: '1.0.1', state: 'BROKEN' }],
  });

  it('matches tags exactly (key=value) or by presence (key)', () => {
    expect(targetMatches({ tags: ['env=prod'] }, 'mi-1', state)).toBe(true);
    expect(targetMatches({ tags: ['env'] }, 'mi-1', state)).toBe(true);
    expect(targetMatches({ tags: ['env=dev'] }, 'mi-1', state)).toBe(false);
    expect(targetMatches({ tags: ['env', 'team'] }, 'mi-1', state)).toBe(false);
  });

  it('matches any listed platform, exactly', () => {
    expect(targetMatches({ platforms: ['amazon', 'ubuntu'] }, 'mi-1', state)).toBe(true);
    expect(targetMatches({ platforms: ['Ubuntu'] }, 'mi-1', state)).toBe(false);
  });

  it('matches package name and version ignoring case, and the package state', () => {
    expect(targetMatches({ hasPackage: 'hello' }, 'mi-1', state)).toBe(true);
    expect(targetMatches({ hasPackage: 'hello', hasPackageVersion: '1.0.1' }, 'mi-1', state)).toBe(true);
    expect(targetMatches({ hasPackage: 'hello', hasPackageVersion: '2.0.0' }, 'mi-1', state)).toBe(false);
    expect(targetMatches({ hasPackage: 'other' }, 'mi-1', state)).toBe(false);
    expect(targetMatches({ packageState: 'BROKEN' }, 'mi-1', state)).toBe(true);
    expect(targetMatches({ hasPackage: 'hello', packageState: 'INSTALLED' }, 'mi-1', state)).toBe(false);
  });

  it('matches the other attributes exactly', () => {
    expect(targetMatches({ instanceIds: ['mi-2'] }, 'mi-1', state)).toBe(false);
    expect(targetMatches({ accounts: ['111'], regions: ['eu-west-1'], arch: 'x86_64', platformVersion: '22.04', online: true }, 'mi-1', state)).toBe(true);
    expect(targetMatches({ online: false }, 'mi-1', state)).toBe(false);
  });
});

describe('mayChangeCount', () => {
  const rows = [row('mi-1')];

  it('is true for registrations, deregistrations and targets leaving the selection', () => {
    expect(mayChangeCount(event(1, 'TARGET_REGISTERED', 'mi-9'), {}, rows)).toBe(true);
    expect(mayChangeCount(event(1, 'TARGET_DEREGISTERED', 'mi-1'), {}, rows)).toBe(true);
    expect(mayChangeCount(event(1, 'TAGS_CHANGED', 'mi-1', { tags: [] }), { tags: ['env'] }, rows)).toBe(true);
  });

  it('is false for a change of a target that stays selected, and unfiltered changes elsewhere', () => {
    expect(mayChangeCount(event(1, 'TARGET_OFFLINE', 'mi-1', { online: false }), { tags: ['env'] }, rows)).toBe(false);
    expect(mayChangeCount(event(1, 'TARGET_OFFLINE', 'mi-7', { online: false }), {}, rows)).toBe(false);
  });

  it('is true under a filter for a matching target not on this page (it may have just entered)', () => {
    expect(mayChangeCount(event(1, 'TAGS_CHANGED', 'mi-7'), { tags: ['env'] }, rows)).toBe(true);
  });
});
