import { useInfiniteQuery } from '@tanstack/react-query';
import { formatInteger } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** The same page the queue screen reads first: on that screen, no second request. */
const FIRST_PAGE = { limit: 100 };

/** The number of open review items, for the navigation; nothing when the queue is empty. */
export function OpenReviewCount() {
  const trpc = useTRPC();
  const page = useInfiniteQuery({
    ...trpc.reviewQueue.list.infiniteQueryOptions(FIRST_PAGE, { getNextPageParam: (p) => p.nextCursor ?? undefined }),
    select: (data) => ({ count: data.pages[0]?.items.length ?? 0, more: Boolean(data.pages[0]?.nextCursor) }),
  });
  if (!page.data || page.data.count === 0) return null;
  const text = page.data.more ? `${formatInteger(FIRST_PAGE.limit - 1)}+` : formatInteger(page.data.count);
  return (
    <span className="ml-auto rounded-full bg-amber-100 px-1.5 text-xs font-semibold text-amber-900 tabular-nums sm:ml-0">
      <span aria-hidden="true">{text}</span>
      <span className="sr-only">
        {' '}
        ({text} {page.data.count === 1 ? 'élément' : 'éléments'})
      </span>
    </span>
  );
}
