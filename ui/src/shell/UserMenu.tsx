import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleUser, LogOut } from "lucide-react";
import { useNavigate } from "react-router";

import { api, call } from "../api/client";
import type { Me } from "../api/types";
import { ErrorMessage } from "../common/ErrorMessage";
import { strings } from "./strings";

/** The user's name, opening a menu with "Sign out" (a <details>: keyboard and screen readers for free). */
export function UserMenu({ me }: { me: Me }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => call(api.POST("/api/v1/auth/logout")),
    onSuccess: () => {
      queryClient.clear();
      navigate("/login", { replace: true });
    },
  });
  return (
    <details className="menu user-menu">
      <summary aria-label={`${strings.account}: ${me.username}`}>
        <CircleUser aria-hidden="true" />
        <span className="wide-only">{me.username}</span>
      </summary>
      <div className="menu-items">
        <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          <LogOut aria-hidden="true" /> {strings.signOut}
        </button>
        {signOut.error && <ErrorMessage error={signOut.error} />}
      </div>
    </details>
  );
}
