import { strings } from "./strings";

export function Loading({ label = strings.loading }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}
