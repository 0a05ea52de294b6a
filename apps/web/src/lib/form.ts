import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, type FieldValues, type Path, type Resolver, type UseFormProps, type UseFormReturn } from 'react-hook-form';
import { z } from 'zod';
import { fr } from 'zod/locales';
import { frenchIssue, toFrenchError } from './errors.ts';

// Forms run the contract's own schemas; their generic messages come out in French.
z.config(fr());

/** Every error of the tree in French, nested fields (`owner.email`) included. */
function translate(errors: object): void {
  for (const error of Object.values(errors) as ({ type?: unknown; message?: unknown } | undefined)[]) {
    if (!error || typeof error !== 'object') continue;
    if (typeof error.message === 'string') {
      error.message = frenchIssue({ code: typeof error.type === 'string' ? error.type : undefined, message: error.message });
    } else {
      translate(error);
    }
  }
}

/** The contract's schema as the form's rules, its messages in French. */
function frenchResolver<T extends FieldValues>(schema: z.ZodType<T, FieldValues>): Resolver<T> {
  const resolve = zodResolver(schema as never) as unknown as Resolver<T>;
  return async (values, context, options) => {
    const result = await resolve(values, context, options);
    translate(result.errors);
    return result;
  };
}

export interface ApiForm<T extends FieldValues> extends UseFormReturn<T> {
  /** The sentence for the whole form, from the last refusal. */
  formError: string | undefined;
  /** Puts a refusal's French sentences next to its fields; the rest goes to `formError`. */
  showError(error: unknown): void;
  clearFormError(): void;
}

/** react-hook-form bound to a contract schema, with the API's refusals mapped to French. */
export function useApiForm<T extends FieldValues>(
  schema: z.ZodType<T, FieldValues>,
  props?: Omit<UseFormProps<T>, 'resolver'>,
): ApiForm<T> {
  const form = useForm<T>({ ...props, resolver: frenchResolver(schema) });
  const [formError, setFormError] = useState<string | undefined>();
  return Object.assign(form, {
    formError,
    clearFormError: () => setFormError(undefined),
    showError(error: unknown) {
      const french = toFrenchError(error);
      const values = form.getValues() as Record<string, unknown>;
      let placed = false;
      for (const [path, message] of Object.entries(french.fields)) {
        if (path.split('.')[0]! in values) {
          form.setError(path as Path<T>, { type: 'server', message });
          placed = true;
        }
      }
      setFormError(placed ? undefined : french.message);
    },
  });
}
