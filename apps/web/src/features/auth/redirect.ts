/** Only paths of this app: never an absolute URL someone slipped into the link. */
export function safeRedirect(target: string | undefined): string {
  return target && target.startsWith('/') && !target.startsWith('//') ? target : '/tableau-de-bord';
}
