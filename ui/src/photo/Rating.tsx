import { Star } from "lucide-react";

import { strings } from "./strings";

/** Five stars; clicking the current rating clears it (the 0-5 keys do the same from anywhere on the page). */
export function Rating({ rating, onRate }: { rating: number; onRate: (rating: number) => void }) {
  return (
    <div className="rating" role="group" aria-label={strings.rating}>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          className={`icon${n <= rating ? " on" : ""}`}
          aria-label={strings.stars(n)}
          aria-pressed={n === rating}
          title={n === rating ? strings.clearRating : strings.stars(n)}
          onClick={() => onRate(n === rating ? 0 : n)}
        >
          <Star aria-hidden="true" />
        </button>
      ))}
    </div>
  );
}
