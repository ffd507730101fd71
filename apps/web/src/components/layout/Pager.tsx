import { Icon } from '../../ui/Icon';

/** Previous page / Next page under a grid that pages. */
export function Pager({
  page,
  pages,
  onPage,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button
        type="button"
        className="icon-button"
        aria-label="Previous page"
        title="Previous page"
        disabled={page === 0}
        onClick={() => onPage(page - 1)}
      >
        <Icon name="previous" />
      </button>
      <span className="pager__count" aria-live="polite">
        Page {page + 1} of {pages}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Next page"
        title="Next page"
        disabled={page >= pages - 1}
        onClick={() => onPage(page + 1)}
      >
        <Icon name="next" />
      </button>
    </nav>
  );
}
