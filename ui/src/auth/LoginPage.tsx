import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";

import { ApiError, api, call } from "../api/client";
import { useSetup } from "../api/queries";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { TextField } from "../common/TextField";
import { strings } from "./strings";

/** Where to go after signing in: the page that asked for it, if it is one of ours. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

function message(error: unknown): unknown {
  if (error instanceof ApiError && error.status === 429 && error.retryAfter !== null) {
    return new Error(strings.locked(error.retryAfter));
  }
  return error;
}

/** `/login`: user name and password; an empty instance goes to the first-run wizard instead. */
export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const setup = useSetup();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation({
    mutationFn: () => call(api.POST("/api/v1/auth/login", { body: { username, password } })),
    onSuccess: () => {
      queryClient.clear();
      navigate(safeNext(params.get("next")), { replace: true });
    },
  });

  if (setup.data?.needed) return <Navigate to="/setup" replace />;
  if (setup.isPending) return <Loading />;

  return (
    <main className="auth-page">
      <form
        className="card form"
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate();
        }}
      >
        <img src={`${import.meta.env.BASE_URL}logo.svg`} alt="" width={48} height={48} className="auth-logo" />
        <h1>{strings.title}</h1>
        {setup.error && <ErrorMessage error={setup.error} onRetry={() => void setup.refetch()} />}
        <TextField
          id="username"
          label={strings.username}
          autoComplete="username"
          autoCapitalize="none"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <TextField
          id="password"
          label={strings.password}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {signIn.error && <ErrorMessage error={message(signIn.error)} />}
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? strings.signingIn : strings.signIn}
        </button>
      </form>
    </main>
  );
}
