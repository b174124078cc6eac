import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { useApiFeedback } from './use-api-feedback';

export interface SubmitOptions<R> {
  /** The form under whose fields the server's `details.fields` problems are shown. */
  form?: FormInstance;
  /** The toast once the call succeeded (from its result, when a function). */
  success?: string | ((result: R) => string);
  /** What follows a success, after the toast: close the modal, reload the list, … */
  onSuccess?: (result: R) => void;
  /** What follows a failure, after its message: reload what the failed action may have found changed. */
  onError?: () => void;
}

export interface Submit<A extends unknown[]> {
  /** Runs the call; it never rejects, since a failure is shown to the person. */
  submit: (...args: A) => Promise<void>;
  /** True while the call runs (the button's `loading`, the modal's `confirmLoading`). */
  isSubmitting: boolean;
}

/**
 * The one way a save, a run or an action talks to the server from a button or a form: it runs `call`,
 * then shows the success toast and runs `onSuccess`; a failure shows the server's message and, with a
 * `form`, each field the server rejected under that field (see useApiFeedback).
 */
export function useSubmit<A extends unknown[], R>(
  call: (...args: A) => Promise<R>,
  options: SubmitOptions<R> = {},
): Submit<A> {
  const { message } = App.useApp();
  const { showError } = useApiFeedback();
  const [isSubmitting, setIsSubmitting] = useState(false);

  const submit = async (...args: A) => {
    setIsSubmitting(true);
    try {
      const result = await call(...args);
      const { success, onSuccess } = options;
      if (success !== undefined) void message.success(typeof success === 'string' ? success : success(result));
      onSuccess?.(result);
    } catch (error) {
      showError(error, options.form);
      options.onError?.();
    } finally {
      setIsSubmitting(false);
    }
  };

  return { submit, isSubmitting };
}
