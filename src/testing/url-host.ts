/**
 * The host to put in a mock server's URL. Listening on every address (`0.0.0.0`, `::`) names
 * none, and a URL naming none is refused by browsers (and `::` by Node's `fetch`): the URL names
 * loopback instead, which such a server answers too. An IPv6 address gets its brackets.
 */
export function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
