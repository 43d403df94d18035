// How module values read on screen. Amounts stay the API's exact decimal strings (never floats).
export const formatDate = (iso: string | null | undefined) => (iso ? new Date(iso.length === 10 ? `${iso}T00:00:00` : iso).toLocaleDateString() : '');
export const money = (amount: string | null | undefined, currency: string) => (amount == null ? '' : `${amount} ${currency}`);
export const quantity = (q: string | null | undefined, unit: string) => (q == null ? '' : `${q} ${unit}`);
export const shortId = (id: string | null | undefined) => (id ? `${id.slice(0, 8)}…` : '');
