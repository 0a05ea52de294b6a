/** For optional text fields: an empty box means « not given », which the contract's schemas expect as absent. */
export const emptyAsUndefined = { setValueAs: (value: unknown) => (value === '' ? undefined : value) } as const;
