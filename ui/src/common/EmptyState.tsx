import type { ReactNode } from "react";

/** What a screen shows when it has nothing to show: a title and what to do next. */
export function EmptyState({ icon, title, children }: { icon?: ReactNode; title: string; children?: ReactNode }) {
  return (
    <section className="empty-state">
      {icon}
      <h1>{title}</h1>
      {children && <p>{children}</p>}
    </section>
  );
}
