import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Navigate, useNavigate } from "react-router";

import { ApiError, api, call } from "../api/client";
import { useSetup } from "../api/queries";
import type { SetupIn } from "../api/types";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { strings as common } from "../common/strings";
import { TextField } from "../common/TextField";
import { strings } from "./strings";

type Form = Omit<SetupIn, "classifiers"> & { password2: string; classifiers: Record<string, boolean> };
type TextName = "username" | "password" | "password2" | "library_name" | "path";

/** The text inputs of the first two steps (the third has the classifier switches). */
const TEXT_FIELDS: { name: TextName; step: number; type?: string; autoComplete?: string; hint?: string }[] = [
  { name: "username", step: 0, autoComplete: "username" },
  { name: "password", step: 0, type: "password", autoComplete: "new-password" },
  { name: "password2", step: 0, type: "password", autoComplete: "new-password" },
  { name: "library_name", step: 1 },
  { name: "path", step: 1, hint: strings.pathHint },
];
const LAST_STEP = strings.steps.length - 1;

/** The step showing a field the server refused (the classifiers are on the last one). */
function stepOf(field: string) {
  return TEXT_FIELDS.find((f) => f.name === field)?.step ?? LAST_STEP;
}

/**
 * `/setup`, the first run (only while the instance has no user): the administrator, the library
 * and its folder, the classifiers. The server validates; its messages appear on their fields.
 * It ends on the processing page, with the import running.
 */
export function SetupWizard() {
  const setup = useSetup();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [form, setForm] = useState<Form>({
    username: "",
    password: "",
    password2: "",
    library_name: strings.libraryNameDefault,
    path: "",
    watch: true,
    classifiers: {},
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () => {
      const { password2: _, ...body } = form;
      return call(api.POST("/api/v1/setup", { body }));
    },
    onSuccess: () => {
      queryClient.clear();
      navigate("/processing?welcome=1", { replace: true });
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      setErrors(error.fields);
      const fields = Object.keys(error.fields);
      if (fields.length) setStep(Math.min(...fields.map(stepOf)));
    },
  });

  if (setup.isPending) return <Loading />;
  if (setup.error) return <ErrorMessage error={setup.error} onRetry={() => void setup.refetch()} />;
  if (!setup.data.needed) return <Navigate to="/" replace />;

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors(({ [key]: _, ...rest }) => rest);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (step === 0 && form.password !== form.password2) setErrors({ password2: strings.passwordsDiffer });
    else if (step < LAST_STEP) setStep(step + 1);
    else create.mutate();
  };
  const generalError = create.error && !Object.keys(errors).length ? create.error : null;

  return (
    <main className="auth-page">
      <form className="card form wizard" onSubmit={submit}>
        <h1>{strings.title}</h1>
        <p>{strings.intro}</p>
        <ol className="steps">
          {strings.steps.map((name, n) => (
            <li key={name} aria-current={n === step ? "step" : undefined}>
              {name}
            </li>
          ))}
        </ol>
        <fieldset>
          <legend>
            {strings.step(step + 1, strings.steps.length)}: {strings.steps[step]}
          </legend>
          {TEXT_FIELDS.filter((f) => f.step === step).map(({ name, type, autoComplete, hint }) => (
            <TextField
              key={name}
              id={name}
              label={strings.labels[name]}
              hint={hint}
              error={errors[name]}
              type={type}
              autoComplete={autoComplete ?? "off"}
              autoCapitalize="none"
              spellCheck={false}
              required
              value={form[name]}
              onChange={(e) => set(name, e.target.value)}
            />
          ))}
          {step === 1 && (
            <label className="check">
              <input type="checkbox" checked={form.watch} onChange={(e) => set("watch", e.target.checked)} />
              <span>
                {strings.watch}
                <span className="hint">{strings.watchHint}</span>
              </span>
            </label>
          )}
          {step === LAST_STEP && (
            <>
              <p>{strings.classifiersIntro}</p>
              {setup.data.classifiers.map((name) => {
                const [label, speed] = common.classifiers[name] ?? [name, ""];
                return (
                  <label className="check" key={name}>
                    <input
                      type="checkbox"
                      checked={form.classifiers[name] ?? true}
                      onChange={(e) => set("classifiers", { ...form.classifiers, [name]: e.target.checked })}
                    />
                    <span>
                      {label} {speed && <span className="muted">({speed})</span>}
                    </span>
                  </label>
                );
              })}
              {errors.classifiers && <p className="field-error">{errors.classifiers}</p>}
            </>
          )}
        </fieldset>
        {generalError && <ErrorMessage error={generalError} />}
        <div className="actions">
          {step > 0 && (
            <button type="button" onClick={() => setStep(step - 1)}>
              {strings.back}
            </button>
          )}
          <button type="submit" className="primary" disabled={create.isPending}>
            {step < LAST_STEP ? strings.next : create.isPending ? strings.finishing : strings.finish}
          </button>
        </div>
      </form>
    </main>
  );
}
