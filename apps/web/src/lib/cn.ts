import { clsx, type ClassValue } from 'clsx';

/** Joins class names, dropping the falsy ones. */
export const cn = (...values: ClassValue[]): string => clsx(values);
