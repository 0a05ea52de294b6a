// Every amount and date a person reads goes through these, in French.
const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const shortDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric' });
const dateTime = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const integer = new Intl.NumberFormat('fr-FR');
const bytesUnits = ['octets', 'Ko', 'Mo', 'Go'];

export const formatPrice = (value: number | null | undefined): string => (value == null ? 'Prix non renseigné' : euros.format(value));
export const formatDate = (iso: string): string => shortDate.format(new Date(iso));
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
export const formatInteger = (value: number): string => integer.format(value);

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < bytesUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits }).format(value)} ${bytesUnits[unit]}`;
}

/** « 1 bien », « 3 biens »: French plurals start at 2. */
export const plural = (count: number, one: string, many: string): string => `${formatInteger(count)} ${count >= 2 ? many : one}`;
