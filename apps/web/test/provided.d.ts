// What the web project's global setup hands to every test file.
declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
  }
}
export {};
