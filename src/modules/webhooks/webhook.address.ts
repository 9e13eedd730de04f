import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Every address a host name resolves to. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;
export const systemLookup: Lookup = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** The 4 or 16 bytes of an IP address in any textual form a resolver, a socket or a URL gives, or undefined. */
export function parseAddress(text: string): number[] | undefined {
  return parseIPv4(text) ?? parseIPv6(text);
}

/** Strict dotted decimal only: other forms ("127.1", "0x7f.1", "017.0.0.1") are names to a URL and guesses to inet_aton. */
function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((part) => (/^(0|[1-9]\d{0,2})$/.test(part) ? Number(part) : NaN));
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function parseIPv6(text: string): number[] | undefined {
  // A zone id ("fe80::1%eth0", "%25" in URLs) names the interface, not the address.
  const address = text.replace(/%.*$/s, '');
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  // An embedded IPv4 address only ends an address.
  if (halves.length === 2 && halves[0]!.includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return all.flatMap((group) => [group >> 8, group & 0xff]);
}

interface Range {
  bytes: number[];
  prefix: number;
  /** As shown in errors, e.g. "64:ff9b::/96 (NAT64)". */
  name: string;
}

function range(cidr: string, what: string): Range {
  const [network, prefix] = cidr.split('/') as [string, string];
  return { bytes: parseAddress(network)!, prefix: Number(prefix), name: `${cidr} (${what})` };
}

/**
 * Where a webhook may not point unless WEBHOOK_ALLOW_PRIVATE is set: the
 * service's own host and networks, and every IANA special-purpose range
 * (RFC 6890 and its updates), since a URL there could reach what the
 * internet cannot (databases, cloud metadata, admin consoles), directly or
 * through a translator (NAT64, 6to4, Teredo, IPv4-mapped forms).
 * More specific ranges come first, so errors name the closest one.
 */
const IPV4: Range[] = [
  range('0.0.0.0/8', '"this network"'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'shared address space'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'IETF protocol assignments'),
  range('192.0.2.0/24', 'documentation'),
  range('192.31.196.0/24', 'AS112'),
  range('192.52.193.0/24', 'AMT'),
  range('192.88.99.0/24', '6to4 relay anycast'),
  range('192.168.0.0/16', 'private'),
  range('192.175.48.0/24', 'AS112 direct delegation'),
  range('198.18.0.0/15', 'benchmarking'),
  range('198.51.100.0/24', 'documentation'),
  range('203.0.113.0/24', 'documentation'),
  range('224.0.0.0/4', 'multicast'),
  range('255.255.255.255/32', 'broadcast'),
  range('240.0.0.0/4', 'reserved'),
];
const IPV6: Range[] = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('::/96', 'IPv4-compatible'),
  range('::ffff:0:0/96', 'IPv4-mapped'),
  range('::ffff:0:0:0/96', 'IPv4-translated'),
  range('64:ff9b::/96', 'NAT64'),
  range('64:ff9b:1::/48', 'local-use NAT64'),
  range('100::/64', 'discard-only'),
  range('100:0:0:1::/64', 'dummy prefix'),
  range('2001::/32', 'Teredo'),
  range('2001::/23', 'IETF protocol assignments'),
  range('2001:db8::/32', 'documentation'),
  range('2002::/16', '6to4'),
  range('2620:4f:8000::/48', 'AS112 direct delegation'),
  range('3fff::/20', 'documentation'),
  range('5f00::/16', 'segment routing'),
  range('fc00::/7', 'unique local'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'site-local'),
  range('ff00::/8', 'multicast'),
];
// Everything else outside global unicast is reserved or unassigned: refused
// as a whole, so a range forgotten above cannot slip through.
const GLOBAL_UNICAST = range('2000::/3', 'global unicast');

function within(bytes: number[], { bytes: network, prefix }: Range): boolean {
  if (bytes.length !== network.length) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const mask = prefix - bit >= 8 ? 0xff : (0xff << (8 - (prefix - bit))) & 0xff;
    if ((bytes[bit / 8]! & mask) !== (network[bit / 8]! & mask)) return false;
  }
  return true;
}

/**
 * Why a webhook may not connect to this address ("in 64:ff9b::/96 (NAT64)"),
 * or undefined for a public unicast address. The one rule for registration,
 * each send's resolution and the connected socket.
 */
export function refusedRange(address: string): string | undefined {
  const bytes = parseAddress(address);
  if (!bytes) return 'not an IP address';
  const hit = (bytes.length === 4 ? IPV4 : IPV6).find((r) => within(bytes, r));
  if (hit) return `in ${hit.name}`;
  if (bytes.length === 16 && !within(bytes, GLOBAL_UNICAST)) return `outside ${GLOBAL_UNICAST.name}`;
  return undefined;
}

/**
 * "127.0.0.1/32,fd00::/8" as the ranges it names, or the entry that is not
 * an address or CIDR block. A bare address is its own /32 or /128.
 */
export function parseCidrs(text: string): { ranges: string[] } | { problem: string } {
  const ranges: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const bytes = parseAddress(address);
    const bits = bytes ? bytes.length * 8 : 0;
    if (!bytes || rest.length > 0 || (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits))) return { problem: entry };
    ranges.push(`${address}/${prefix ?? bits}`);
  }
  return { ranges };
}

/** Whether an address falls in one of the CIDR blocks (as parseCidrs gives them). */
export function addressMatcher(cidrs: readonly string[]): (address: string) => boolean {
  const ranges = cidrs.map((cidr) => range(cidr, 'allowed'));
  return (address) => {
    const bytes = parseAddress(address);
    return !!bytes && ranges.some((r) => within(bytes, r));
  };
}

/** The addresses to connect to, every one checked; or why there are none. */
export type Target = { addresses: ResolvedAddress[]; refused?: undefined } | { refused: string; /** The name gave no address (it may later). */ unresolved?: true };

/**
 * Resolves the URL's host once and checks every address it gives: the
 * request then connects only to these (see webhook.http.ts), so a name that
 * answers differently the next time (DNS rebinding) cannot send it elsewhere.
 */
export async function resolveTarget(
  url: URL,
  { allowPrivate, lookup: resolve, allow }: { allowPrivate: boolean; lookup: Lookup; /** Addresses let through despite the rules (an operator's exceptions). */ allow?: (address: string) => boolean },
): Promise<Target> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = parseAddress(host);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: literal.length === 4 ? 4 : 6 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      return { refused: `${host} does not resolve (${error instanceof Error && 'code' in error ? String(error.code) : 'no answer'})`, unresolved: true };
    }
    if (addresses.length === 0) return { refused: `${host} does not resolve`, unresolved: true };
  }
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const why = allow?.(address) ? undefined : refusedRange(address);
      if (why) return { refused: literal ? `${address} is ${why}` : `${host} resolves to ${address}, ${why}` };
    }
  }
  return { addresses };
}
