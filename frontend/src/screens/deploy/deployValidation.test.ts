import { fieldError, parseAmount, selectorTags } from './deployValidation';

describe('parseAmount', () => {
  it('takes counts and percentages up to 100% and nothing else', () => {
    expect(parseAmount('10')).toEqual({ value: 10, percent: false });
    expect(parseAmount(' 10% ')).toEqual({ value: 10, percent: true });
    expect(parseAmount('100%')).toEqual({ value: 100, percent: true });
    expect(parseAmount('101%')).toBeNull();
    expect(parseAmount('1.5')).toBeNull();
    expect(parseAmount('%')).toBeNull();
  });
});

describe('selectorTags', () => {
  it('joins the chips and the typed text, once each', () => {
    expect(selectorTags({ tags: ['a=1', 'b'], tagsText: 'b, c=3' })).toEqual(['a=1', 'b', 'c=3']);
  });
});

describe('fieldError', () => {
  it("prefers the form's own message, then the service's, for the first field that has one", () => {
    const service = (field: string) => (field === 'package' ? 'PACKAGE_NOT_FOUND' : undefined);
    expect(fieldError({}, service, 'packageName', 'package')).toBe('PACKAGE_NOT_FOUND');
    expect(fieldError({ package: 'Choose a package.' }, service, 'package')).toBe('Choose a package.');
    expect(fieldError({}, service, 'version')).toBeUndefined();
  });
});
