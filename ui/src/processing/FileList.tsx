import { strings } from "./strings";

export type FileProblem = { key: string; path: string | null; step?: string; reason: string; when: string | null };

const numberFormat = new Intl.NumberFormat();
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

type Props = {
  title: string;
  intro?: string;
  items: FileProblem[];
  total: number;
  offset: number;
  pageSize: number;
  onPage: (offset: number) => void;
};

/** A titled, paged list of files that went wrong: path, step, reason and when (failures, rejected files). */
export function FileList({ title, intro, items, total, offset, pageSize, onPage }: Props) {
  const id = `files-${title.replace(/\W+/g, "-")}`;
  return (
    <section className="file-list" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {intro && <p className="muted">{intro}</p>}
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            <p className="path">{item.path ?? strings.unknownFile}</p>
            <p className="muted">{[item.step, item.when && dateFormat.format(new Date(item.when))].filter(Boolean).join(" · ")}</p>
            <p className="reason">{item.reason}</p>
          </li>
        ))}
      </ul>
      {total > pageSize && (
        <nav className="pager" aria-label={title}>
          <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - pageSize))}>
            {strings.newer}
          </button>
          <span>
            {strings.page(
              numberFormat.format(offset + 1),
              numberFormat.format(Math.min(offset + pageSize, total)),
              numberFormat.format(total),
            )}
          </span>
          <button type="button" disabled={offset + pageSize >= total} onClick={() => onPage(offset + pageSize)}>
            {strings.older}
          </button>
        </nav>
      )}
    </section>
  );
}
