import { parseTagCriteria, parseTagPairs, tagKeyError } from './tags';

describe('parseTagPairs', () => {
  it('reads comma- or line-separated key=value pairs, trimming each side', () => {
    expect(parseTagPairs(' env = prod, team=web\nrole=db ,')).toEqual({
      ok: true,
      value: [
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'web' },
        { key: 'role', value: 'db' },
      ],
    });
  });

  it('takes an empty text as no tags', () => {
    expect(parseTagPairs('  ')).toEqual({ ok: true, value: [] });
  });

  it('keeps everything after the first = as the value', () => {
    expect(parseTagPairs('query=a=b')).toEqual({ ok: true, value: [{ key: 'query', value: 'a=b' }] });
  });

  it('refuses an entry without = and names it', () => {
    expect(parseTagPairs('env=prod, web')).toEqual({ ok: false, error: '"web": write key=value' });
  });

  it('refuses a key with characters the service does not allow', () => {
    const parsed = parseTagPairs('my env=prod');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain('"my env=prod"');
  });

  it('refuses an empty key and a value over 256 characters', () => {
    expect(parseTagPairs('=prod').ok).toBe(false);
    expect(parseTagPairs(`env=${'x'.repeat(257)}`).ok).toBe(false);
    expect(parseTagPairs(`env=${'x'.repeat(256)}`).ok).toBe(true);
  });
});

describe('parseTagCriteria', () => {
  it('accepts key=value (exact) and a bare key (present)', () => {
    expect(parseTagCriteria('env=prod, canary')).toEqual({ ok: true, value: ['env=prod', 'canary'] });
  });

  it('accepts the characters the service allows in keys', () => {
    expect(parseTagCriteria('aws:team/web+1@x_y.z-w=1')).toEqual({ ok: true, value: ['aws:team/web+1@x_y.z-w=1'] });
  });

  it('refuses a malformed key', () => {
    expect(parseTagCriteria('env prod').ok).toBe(false);
    expect(parseTagCriteria('=prod').ok).toBe(false);
  });
});

describe('tagKeyError', () => {
  it('asks for a key, rejects bad ones and accepts good ones', () => {
    expect(tagKeyError(' ')).toBe('Enter a tag key');
    expect(tagKeyError('a b')).not.toBeNull();
    expect(tagKeyError('env')).toBeNull();
  });
});
