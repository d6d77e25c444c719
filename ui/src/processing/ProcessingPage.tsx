import { Link, useSearchParams } from "react-router";

import { NotBuilt } from "../common/NotBuilt";
import { strings } from "./strings";

/** `/processing`: the screen itself comes later; after the first run it greets the new owner. */
export function ProcessingPage() {
  const [params] = useSearchParams();
  return (
    <div className="page">
      {params.has("welcome") && (
        <section className="message info" role="status">
          <h1>{strings.welcomeTitle}</h1>
          <p>{strings.welcomeText}</p>
          <Link to="/" className="button primary">
            {strings.toTimeline}
          </Link>
        </section>
      )}
      <NotBuilt screen={strings.screen} />
    </div>
  );
}
