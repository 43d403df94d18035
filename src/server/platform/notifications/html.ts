// The HTML version of every outbox message: the plain text, escaped, in a simple branded layout,
// with the message's link (payload.url) as a button. One template serves every kind, so plain and
// HTML versions can never say different things.
const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const ACTIONS: Record<string, string> = {
  email_verification: 'Verify email',
  password_reset: 'Choose a new password',
  invitation: 'View invitation',
};

export function renderHtml(kind: string, subject: string, text: string, url?: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px">${escape(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const button = url
    ? `<p style="margin:24px 0"><a href="${escape(url)}" style="background:#1c7ed6;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escape(ACTIONS[kind] ?? 'Open Tenantry')}</a></p>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(subject)}</title></head>
<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;background:#f5f6f8;margin:0;padding:24px">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:32px;color:#1f2328;line-height:1.5">
<h1 style="font-size:20px;margin:0 0 16px">${escape(subject)}</h1>${paragraphs}${button}
<p style="color:#6a737d;font-size:12px;margin-top:32px">Sent by Tenantry.</p></div></body></html>`;
}
