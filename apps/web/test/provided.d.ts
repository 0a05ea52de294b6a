// What the web project's global setup hands to every test file.
declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    /** GET answers the e-mails the API delivered, oldest first: `{ to, subject, text }[]`. */
    mailboxUrl: string;
  }
}
export {};
