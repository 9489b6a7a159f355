import { mergePages, pageCursors } from './deploymentPages';

const page = (ids: string[], endCursor: string | null, hasNextPage: boolean) => ({ items: ids.map((id) => ({ id })), totalCount: 9, endCursor, hasNextPage });

describe('the pages of the deployments list', () => {
  it('starts each page after the previous page\'s cursor as last read', () => {
    expect(pageCursors(1, [])).toEqual([null]);
    expect(pageCursors(3, [page(['d1', 'd2'], 'c2', true), page(['d3', 'd4'], 'c4', true)])).toEqual([null, 'c2', 'c4']);
  });

  it('does not ask for a page before the one before it answered, nor past the last page', () => {
    expect(pageCursors(2, [undefined])).toEqual([null]);
    expect(pageCursors(3, [page(['d1'], 'c1', true), page(['d2'], 'c2', false)])).toEqual([null, 'c1']);
  });

  it('shows every deployment once when one moved between pages', () => {
    expect(mergePages([page(['d0', 'd1'], 'c1', true), page(['d1', 'd2'], 'c2', false)], 2).map((d) => d.id)).toEqual(['d0', 'd1', 'd2']);
  });
});
