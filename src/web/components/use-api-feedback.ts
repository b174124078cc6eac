import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError, errorMessage, fieldProblemsOf } from '../api';

/**
 * Shows a failed call to the person: the server's message as a toast and, when a form is given,
 * each field the server rejected under that field. A lost session (401) shows nothing, because
 * the app is already on its way to the login page.
 */
export function useApiFeedback() {
  const { message } = App.useApp();

  const showError = useCallback(
    (error: unknown, form?: FormInstance) => {
      if (error instanceof ApiError && error.status === 401) return;
      if (!(error instanceof ApiError)) console.error(error);
      if (form) {
        const known = new Set(Object.keys(form.getFieldsValue(true) as object));
        const problems = fieldProblemsOf(error).filter((p) => known.has(p.field));
        if (problems.length > 0) form.setFields(problems.map((p) => ({ name: p.field, errors: [p.message] })));
      }
      void message.error(errorMessage(error));
    },
    [message],
  );

  return { showError };
}
