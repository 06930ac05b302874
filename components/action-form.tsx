"use client";

import { useActionState, type ReactNode } from "react";

/** Outcome of a server action, shown below its form. */
export interface ActionState {
  error?: string;
  message?: string;
  /** A one-time link to show and copy, such as an invitation. */
  link?: string;
}

/** A form bound to a server action, showing the action's message, error or link. */
export function ActionForm({
  action,
  children,
  className,
  label,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  children: ReactNode;
  className?: string;
  label: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className={className} aria-label={label} aria-busy={pending}>
      {children}
      {state.error && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
      {state.message && (
        <p className="notice" role="status">
          {state.message}
        </p>
      )}
      {state.link && (
        <p className="notice">
          <input readOnly value={state.link} aria-label="One-time link" className="link-output" />
        </p>
      )}
    </form>
  );
}
