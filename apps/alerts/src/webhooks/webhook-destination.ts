import ipaddr from 'ipaddr.js';

type IpAddress = ReturnType<typeof ipaddr.parse>;

/**
 * Where a webhook may send: public unicast addresses, plus whatever WEBHOOK_ALLOW_HOSTS names. Without this
 * rule, anyone holding the admin token could make the alerts service POST to the cloud's metadata service,
 * to PostgreSQL's or Kafka's neighbours on the private network, or to services bound to loopback — and read
 * the outcome back through the delivery log.
 */

// Names that are loopback or a cloud's metadata service whatever DNS says; refused before any lookup.
const REFUSED_HOST_NAMES = new Set([
  'localhost',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

// Cloud metadata endpoints (AWS, ECS, AWS IPv6, Alibaba, Oracle): a CIDR entry that happens to cover one does
// not open it, only an entry naming the address itself.
const METADATA_ADDRESSES = new Set([
  '169.254.169.254',
  '169.254.170.2',
  'fd00:ec2::254',
  '100.100.100.200',
  '192.0.0.192',
]);

// ipaddr.js range names as people read them.
const RANGE_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a shared (CGNAT) address',
  private: 'a private address',
  uniqueLocal: 'a private (unique local) address',
  reserved: 'a reserved address',
  benchmarking: 'a benchmarking address',
  rfc6052: 'a NAT64 address',
  rfc6145: 'an IPv4-translated address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
};

/** One WEBHOOK_ALLOW_HOSTS entry: a host name, or an address range (a bare address is a range of one). */
type AllowEntry =
  | { type: 'name'; name: string; port: number | null }
  | { type: 'range'; range: [IpAddress, number]; exact: boolean; port: number | null };

/** A host as the URL parser normalised it, ready to compare: an address, or a lower-case name without a trailing dot. */
type Host = { type: 'address'; address: IpAddress } | { type: 'name'; name: string };

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is the IPv4 address it carries, for every rule below. */
function parseAddress(text: string): IpAddress | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) return null;
  return ipaddr.process(bare);
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\.+$/, '');
}

function hostOf(hostname: string): Host {
  const address = parseAddress(hostname);
  return address === null ? { type: 'name', name: normaliseName(hostname) } : { type: 'address', address };
}

/** The port a request to this URL connects to. */
export function destinationPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function sameFamily(address: IpAddress, range: [IpAddress, number]): boolean {
  return address.kind() === range[0].kind();
}

const NAME_PATTERN =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** `host`, `host:port`, `[v6]:port`, an address, or a CIDR → the entry, or why it is not one. */
function parseEntry(raw: string): AllowEntry | string {
  const text = raw.toLowerCase();
  if (/^[0-9a-f:.]+\/\d+$/.test(text)) {
    if (!ipaddr.isValidCIDR(text)) return `"${raw}" is not a valid CIDR range`;
    const [address, bits] = ipaddr.parseCIDR(text);
    // ::ffff:10.0.0.0/104 is 10.0.0.0/8: compare in the family addresses are checked in.
    const range: [IpAddress, number] =
      address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() && bits >= 96
        ? [address.toIPv4Address(), bits - 96]
        : [address, bits];
    return { type: 'range', range, exact: range[1] === (range[0].kind() === 'ipv4' ? 32 : 128), port: null };
  }
  let host = text;
  let port: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const hostAndPort = /^([^:]+):(\d+)$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2] === undefined ? null : Number(bracketed[2]);
  } else if (hostAndPort) {
    host = hostAndPort[1];
    port = Number(hostAndPort[2]);
  }
  if (port !== null && (port < 1 || port > 65535)) return `"${raw}" has a port outside 1-65535`;
  const address = parseAddress(host);
  if (address !== null) {
    const bits = address.kind() === 'ipv4' ? 32 : 128;
    return { type: 'range', range: [address, bits], exact: true, port };
  }
  const name = normaliseName(host);
  if (!NAME_PATTERN.test(name)) return `"${raw}" is not a host, host:port or CIDR range`;
  return { type: 'name', name, port };
}

/** WEBHOOK_ALLOW_HOSTS, parsed once at start-up: the destinations an operator opened on purpose. */
export class WebhookAllowList {
  private constructor(private readonly entries: readonly AllowEntry[]) {}

  static readonly EMPTY = new WebhookAllowList([]);

  /** The list, or every entry that is not one, named (for the start-up error). */
  static parse(value: string): WebhookAllowList | { problems: string[] } {
    const entries: AllowEntry[] = [];
    const problems: string[] = [];
    for (const raw of value.split(',')) {
      if (raw.trim() === '') continue;
      const entry = parseEntry(raw.trim());
      if (typeof entry === 'string') problems.push(entry);
      else entries.push(entry);
    }
    return problems.length > 0 ? { problems } : new WebhookAllowList(entries);
  }

  /** A name entry for this host (and port): its addresses, whatever DNS answers, are the operator's call. */
  allowsName(name: string, port: number): boolean {
    return this.entries.some(
      (entry) => entry.type === 'name' && entry.name === name && (entry.port === null || entry.port === port),
    );
  }

  allowsAddress(address: IpAddress, port: number): boolean {
    const metadata = METADATA_ADDRESSES.has(address.toString());
    return this.entries.some(
      (entry) =>
        entry.type === 'range' &&
        (entry.port === null || entry.port === port) &&
        (entry.exact || !metadata) &&
        sameFamily(address, entry.range) &&
        address.match(entry.range),
    );
  }
}

/** What kind of non-public address this is ("a loopback address"), or null for a public unicast one. */
function nonPublicKind(address: IpAddress): string | null {
  if (METADATA_ADDRESSES.has(address.toString())) return 'a cloud metadata address';
  const range = address.range();
  if (range === 'unicast') return null;
  return RANGE_NAMES[range] ?? 'a special-purpose address';
}

/** A name that is loopback or a metadata service by definition, or null. */
function hostNameProblem(name: string): string | null {
  if (name === 'localhost' || name.endsWith('.localhost')) return `${name} is a loopback name`;
  if (REFUSED_HOST_NAMES.has(name)) return `${name} is a cloud metadata host`;
  return null;
}

const ALLOW_HINT = 'list it in WEBHOOK_ALLOW_HOSTS to allow it';

/** What the URL alone says: refused (why), allowed by name (no address check), or to check once resolved. */
export type DestinationVerdict =
  { verdict: 'refused'; reason: string } | { verdict: 'allowed'; checkResolvedAddresses: boolean };

/** The destination policy: before any DNS (registration, and each attempt) and on every resolved address. */
export class WebhookDestinationPolicy {
  constructor(private readonly allowList: WebhookAllowList) {}

  /** The URL's host as written: an address literal is decided here; a name is decided once resolved. */
  checkUrl(url: URL): DestinationVerdict {
    const port = destinationPort(url);
    const host = hostOf(url.hostname);
    if (host.type === 'address') {
      if (this.allowList.allowsAddress(host.address, port))
        return { verdict: 'allowed', checkResolvedAddresses: false };
      const kind = nonPublicKind(host.address);
      return kind === null
        ? { verdict: 'allowed', checkResolvedAddresses: false }
        : { verdict: 'refused', reason: `${host.address.toString()} is ${kind}; ${ALLOW_HINT}` };
    }
    if (this.allowList.allowsName(host.name, port))
      return { verdict: 'allowed', checkResolvedAddresses: false };
    const problem = hostNameProblem(host.name);
    return problem === null
      ? { verdict: 'allowed', checkResolvedAddresses: true }
      : { verdict: 'refused', reason: `${problem}; ${ALLOW_HINT}` };
  }

  /** Why one address a name resolved to is refused, or null. */
  resolvedAddressProblem(address: string, port: number): string | null {
    const parsed = parseAddress(address);
    if (parsed === null) return `the host resolved to something that is not an address`;
    if (this.allowList.allowsAddress(parsed, port)) return null;
    const kind = nonPublicKind(parsed);
    return kind === null ? null : `the host resolves to ${parsed.toString()}, ${kind}; ${ALLOW_HINT}`;
  }

  /** For registration: why this URL is refused, or null (a name's addresses are checked at each delivery). */
  urlProblem(url: URL): string | null {
    const verdict = this.checkUrl(url);
    return verdict.verdict === 'refused' ? `url is not an allowed destination: ${verdict.reason}` : null;
  }
}
