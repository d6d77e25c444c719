import { RotateCw } from "lucide-react";
import { Link, useSearchParams } from "react-router";

import { remainingWork } from "../api/queries";
import { EmptyState } from "../common/EmptyState";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { useActiveLibrary } from "../shell/activeLibrary";
import { strings as shellStrings } from "../shell/strings";
import { FileList } from "./FileList";
import { PAGE_SIZE, useClassifierSwitch, useProcessing, useRetry } from "./queries";
import { StepCard, stepLabel } from "./StepCard";
import { strings } from "./strings";

const numberFormat = new Intl.NumberFormat();

/** A page offset from the URL (so that reload and back keep the page). */
function offsetParam(params: URLSearchParams, name: string) {
  const value = Number(params.get(name));
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/**
 * `/processing`: per step of the pipeline its progress, state and time left (the server's ETA, from
 * what finished in the last 10 minutes), retrying failures, pausing and resuming a classifier (owners);
 * then the failures and the files refused at import, paged. Polled every few seconds.
 * After the first run (`?welcome`) it greets the new owner.
 */
export function ProcessingPage() {
  const { library } = useActiveLibrary();
  const [params, setParams] = useSearchParams();
  const setOffset = (name: string, offset: number) =>
    setParams((p) => {
      if (offset) p.set(name, String(offset));
      else p.delete(name);
      return p;
    });
  return (
    <div className="page processing">
      {params.has("welcome") && (
        <section className="message info" role="status">
          <h1>{strings.welcomeTitle}</h1>
          <p>{strings.welcomeText}</p>
          <Link to="/" className="button primary">
            {strings.toTimeline}
          </Link>
        </section>
      )}
      {library ? (
        <Progress
          library={library.id}
          owner={library.role === "owner"}
          failuresOffset={offsetParam(params, "failures")}
          rejectedOffset={offsetParam(params, "rejected")}
          setOffset={setOffset}
        />
      ) : (
        <EmptyState title={shellStrings.noLibraryTitle}>{shellStrings.noLibraryText}</EmptyState>
      )}
    </div>
  );
}

type ProgressProps = {
  library: string;
  owner: boolean;
  failuresOffset: number;
  rejectedOffset: number;
  setOffset: (name: string, offset: number) => void;
};

function Progress({ library, owner, failuresOffset, rejectedOffset, setOffset }: ProgressProps) {
  const processing = useProcessing(library, failuresOffset, rejectedOffset);
  const retry = useRetry(library);
  const classifierSwitch = useClassifierSwitch(library);
  if (processing.error && !processing.data) return <ErrorMessage error={processing.error} onRetry={() => void processing.refetch()} />;
  if (!processing.data) return <Loading />;
  const { steps, failures, failed_count, rejected, rejected_count } = processing.data;
  const remaining = remainingWork(steps);
  const labels = Object.fromEntries(steps.map((s) => [s.step, stepLabel(s)]));
  const busy = retry.isPending || classifierSwitch.isPending;
  const actionError = retry.error ?? classifierSwitch.error;

  return (
    <>
      <div className="page-head">
        <h1>{strings.screen}</h1>
        {failed_count > 0 && (
          <button type="button" disabled={busy} onClick={() => retry.mutate(undefined)}>
            <RotateCw aria-hidden="true" /> {strings.retryAll(numberFormat.format(failed_count))}
          </button>
        )}
      </div>
      <p role="status">{remaining ? strings.remaining(remaining, numberFormat.format(remaining)) : strings.allDone}</p>
      {processing.error && <ErrorMessage error={processing.error} onRetry={() => void processing.refetch()} />}
      {actionError && <ErrorMessage error={actionError} />}
      {retry.data && !retry.error && <p className="message info">{strings.retried(retry.data.photos, numberFormat.format(retry.data.photos))}</p>}

      <section aria-labelledby="steps-title">
        <h2 id="steps-title" className="visually-hidden">
          {strings.stepsTitle}
        </h2>
        <ul className="step-cards">
          {steps.map((step) => (
            <StepCard
              key={step.step}
              step={step}
              canRetry
              canPause={owner}
              busy={busy}
              onRetry={(name) => retry.mutate(name)}
              onPause={(classifier, paused) => classifierSwitch.mutate({ classifier, on: !paused })}
            />
          ))}
        </ul>
      </section>

      <FileList
        title={strings.failuresTitle(numberFormat.format(failed_count))}
        intro={failed_count ? undefined : strings.failuresEmpty}
        items={failures.map((f) => ({
          key: `${f.photo_id} ${f.step}`,
          path: f.path,
          step: labels[f.step] ?? f.step,
          reason: f.reason,
          when: f.failed_at,
        }))}
        total={failed_count}
        offset={failuresOffset}
        pageSize={PAGE_SIZE}
        onPage={(offset) => setOffset("failures", offset)}
      />
      {rejected_count > 0 && (
        <FileList
          title={strings.rejectedTitle(numberFormat.format(rejected_count))}
          intro={strings.rejectedIntro}
          items={rejected.map((r) => ({ key: r.path, path: r.path, reason: r.reason, when: r.rejected_at }))}
          total={rejected_count}
          offset={rejectedOffset}
          pageSize={PAGE_SIZE}
          onPage={(offset) => setOffset("rejected", offset)}
        />
      )}
    </>
  );
}
