/** One page of the deployments list as far as chaining pages needs it. */
export interface LoadedPage<T> {
  items: T[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * The cursor each shown page starts after. Page k starts after page k-1's endCursor as last read,
 * not as first read: deployments are newest first, so a new one pushes the first page's last item
 * onto the second page, which must then start one item earlier. A page whose predecessor has not
 * answered yet (or has no next page any more) is not asked for.
 */
export function pageCursors(pages: number, loaded: ReadonlyArray<LoadedPage<unknown> | undefined>): (string | null)[] {
  const cursors: (string | null)[] = [null];
  for (let k = 1; k < pages; k += 1) {
    const previous = loaded[k - 1];
    if (!previous || !previous.hasNextPage || previous.endCursor === null) {
      break;
    }
    cursors.push(previous.endCursor);
  }
  return cursors;
}

/** The items of the pages in order, each id once (an item moving between pages during a poll is shown once). */
export function mergePages<T extends { id: string }>(loaded: ReadonlyArray<LoadedPage<T> | undefined>, pages: number): T[] {
  const seen = new Set<string>();
  const items: T[] = [];
  for (const page of loaded.slice(0, pages)) {
    for (const item of page?.items ?? []) {
      if (!seen.has(item.id)) {
        seen.add(item.id);
        items.push(item);
      }
    }
  }
  return items;
}
