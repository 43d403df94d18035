// Where webhooks may be sent. In production, endpoints resolving to loopback, private, link-local or
// metadata addresses are refused (SSRF); development and tests may allow them explicitly.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../../errors.ts';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::1', 128], ['fc00::', 7], ['fe80::', 10], ['::', 128], ['::ffff:0:0', 96]] as const) blocked.addSubnet(net, prefix, 'ipv6');

export async function assertDeliverable(url: string, allowPrivate: boolean): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid('only http and https URLs');
  if (parsed.username || parsed.password) throw invalid('credentials in the URL are not allowed');
  if (allowPrivate) return;
  if (parsed.protocol !== 'https:') throw invalid('https is required');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true }).catch(() => []);
  if (!addresses.length) throw invalid('the host does not resolve');
  for (const a of addresses) {
    if (blocked.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4')) throw invalid('the host resolves to a private or reserved address');
  }
}

const invalid = (message: string) => new AppError('validation_failed', 'Webhook URL not allowed', { errors: [{ path: 'body.url', message }] });
