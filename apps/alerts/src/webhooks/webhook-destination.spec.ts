import { describe, expect, it } from '@jest/globals';
import {
  WebhookAllowList,
  WebhookDestinationPolicy,
  type DestinationVerdict,
} from './webhook-destination.js';

function policy(allowHosts = ''): WebhookDestinationPolicy {
  const allowList = WebhookAllowList.parse(allowHosts);
  if (!(allowList instanceof WebhookAllowList)) throw new Error(allowList.problems.join('; '));
  return new WebhookDestinationPolicy(allowList);
}

const refused = (reason: string): DestinationVerdict => ({
  verdict: 'refused',
  reason: `${reason}; list it in WEBHOOK_ALLOW_HOSTS to allow it`,
});
const literalAllowed: DestinationVerdict = { verdict: 'allowed', checkResolvedAddresses: false };
const resolveFirst: DestinationVerdict = { verdict: 'allowed', checkResolvedAddresses: true };

describe('WebhookDestinationPolicy.checkUrl, with an empty allow list', () => {
  it.each([
    // Loopback, in every spelling the URL parser accepts.
    ['http://127.0.0.1:8080/hook', refused('127.0.0.1 is a loopback address')],
    ['http://127.1/hook', refused('127.0.0.1 is a loopback address')],
    ['http://2130706433/hook', refused('127.0.0.1 is a loopback address')],
    ['http://0177.0.0.1/hook', refused('127.0.0.1 is a loopback address')],
    ['http://017700000001/hook', refused('127.0.0.1 is a loopback address')],
    ['http://0x7f.0.0.1/hook', refused('127.0.0.1 is a loopback address')],
    ['http://0x7f000001/hook', refused('127.0.0.1 is a loopback address')],
    ['http://%31%32%37.0.0.1/hook', refused('127.0.0.1 is a loopback address')],
    ['http://127.255.255.254/hook', refused('127.255.255.254 is a loopback address')],
    ['http://[::1]/hook', refused('::1 is a loopback address')],
    ['http://[0:0:0:0:0:0:0:1]/hook', refused('::1 is a loopback address')],
    ['http://[::ffff:127.0.0.1]/hook', refused('127.0.0.1 is a loopback address')],
    ['http://[::ffff:7f00:1]/hook', refused('127.0.0.1 is a loopback address')],
    ['http://localhost:3999/hook', refused('localhost is a loopback name')],
    ['http://LOCALHOST./hook', refused('localhost is a loopback name')],
    ['http://chat.localhost/hook', refused('chat.localhost is a loopback name')],
    // "This network" and unspecified.
    ['http://0.0.0.0/hook', refused('0.0.0.0 is an unspecified address')],
    ['http://0/hook', refused('0.0.0.0 is an unspecified address')],
    ['http://0.1.2.3/hook', refused('0.1.2.3 is an unspecified address')],
    ['http://[::]/hook', refused(':: is an unspecified address')],
    // Private ranges and CGNAT.
    ['http://10.1.2.3/hook', refused('10.1.2.3 is a private address')],
    ['http://012.1.2.3/hook', refused('10.1.2.3 is a private address')],
    ['http://167772161/hook', refused('10.0.0.1 is a private address')],
    ['http://172.16.0.1/hook', refused('172.16.0.1 is a private address')],
    ['http://172.31.255.255/hook', refused('172.31.255.255 is a private address')],
    ['http://192.168.1.1/hook', refused('192.168.1.1 is a private address')],
    ['http://0xc0.0xa8.1.1/hook', refused('192.168.1.1 is a private address')],
    ['http://[::ffff:192.168.1.1]/hook', refused('192.168.1.1 is a private address')],
    ['http://100.64.0.1/hook', refused('100.64.0.1 is a shared (CGNAT) address')],
    ['http://[fc00::1]/hook', refused('fc00::1 is a private (unique local) address')],
    ['http://[fd12:3456::1]/hook', refused('fd12:3456::1 is a private (unique local) address')],
    // Link-local and cloud metadata.
    ['http://169.254.1.1/hook', refused('169.254.1.1 is a link-local address')],
    ['http://169.254.169.254/latest/meta-data/', refused('169.254.169.254 is a cloud metadata address')],
    ['http://2852039166/latest/meta-data/', refused('169.254.169.254 is a cloud metadata address')],
    ['http://0251.0376.0251.0376/', refused('169.254.169.254 is a cloud metadata address')],
    ['http://[::ffff:a9fe:a9fe]/', refused('169.254.169.254 is a cloud metadata address')],
    ['http://[fd00:ec2::254]/latest/', refused('fd00:ec2::254 is a cloud metadata address')],
    ['http://100.100.100.200/', refused('100.100.100.200 is a cloud metadata address')],
    ['http://[fe80::1]/hook', refused('fe80::1 is a link-local address')],
    [
      'http://metadata.google.internal/computeMetadata/v1/',
      refused('metadata.google.internal is a cloud metadata host'),
    ],
    [
      'http://Metadata.Google.Internal./computeMetadata/v1/',
      refused('metadata.google.internal is a cloud metadata host'),
    ],
    ['http://metadata/computeMetadata/v1/', refused('metadata is a cloud metadata host')],
    ['http://instance-data/latest/', refused('instance-data is a cloud metadata host')],
    // Other special-purpose ranges, and IPv6 forms that embed an IPv4 address.
    ['http://224.0.0.1/hook', refused('224.0.0.1 is a multicast address')],
    ['http://255.255.255.255/hook', refused('255.255.255.255 is a broadcast address')],
    ['http://240.0.0.1/hook', refused('240.0.0.1 is a reserved address')],
    ['http://[64:ff9b::7f00:1]/hook', refused('64:ff9b::7f00:1 is a NAT64 address')],
    ['http://[2002:7f00:1::]/hook', refused('2002:7f00:1:: is a 6to4 address')],
    // Public destinations: an address literal is decided now, a name once it is resolved.
    ['https://8.8.8.8/hook', literalAllowed],
    ['https://134744072/hook', literalAllowed],
    ['https://[2606:4700::1111]/hook', literalAllowed],
    ['https://hooks.slack.com/services/T000/B000/XXXX', resolveFirst],
    ['https://127.0.0.1.nip.io/hook', resolveFirst],
  ])('%s', (url, verdict) => {
    expect(policy().checkUrl(new URL(url))).toEqual(verdict);
  });
});

describe('WebhookDestinationPolicy with WEBHOOK_ALLOW_HOSTS', () => {
  const allowing = policy(
    '127.0.0.1, chat.corp.example, sink.test:8443, 10.20.0.0/16, [::1]:9000, 169.254.0.0/16',
  );

  it.each([
    ['http://127.0.0.1:3999/alerts', literalAllowed],
    ['http://2130706433:3999/alerts', literalAllowed],
    ['http://[::ffff:127.0.0.1]:3999/alerts', literalAllowed],
    ['http://127.0.0.2/alerts', refused('127.0.0.2 is a loopback address')],
    ['https://chat.corp.example/hook', literalAllowed],
    ['https://CHAT.corp.example./hook', literalAllowed],
    ['https://sink.test:8443/hook', literalAllowed],
    ['https://sink.test/hook', resolveFirst],
    ['http://10.20.3.4/hook', literalAllowed],
    ['http://10.21.3.4/hook', refused('10.21.3.4 is a private address')],
    ['http://[::1]:9000/hook', literalAllowed],
    ['http://[::1]:9001/hook', refused('::1 is a loopback address')],
    ['http://169.254.1.1/hook', literalAllowed],
    // A range that covers the metadata address does not open it; only naming it does.
    ['http://169.254.169.254/latest/', refused('169.254.169.254 is a cloud metadata address')],
  ])('%s', (url, verdict) => {
    expect(allowing.checkUrl(new URL(url))).toEqual(verdict);
  });

  it('opens the metadata address only when it is listed itself', () => {
    expect(policy('169.254.169.254').checkUrl(new URL('http://169.254.169.254/'))).toEqual(literalAllowed);
  });

  it('checks each resolved address against the list and the ranges', () => {
    expect(allowing.resolvedAddressProblem('93.184.216.34', 443)).toBeNull();
    expect(allowing.resolvedAddressProblem('10.20.1.1', 443)).toBeNull();
    expect(allowing.resolvedAddressProblem('127.0.0.1', 80)).toBeNull();
    expect(allowing.resolvedAddressProblem('::ffff:127.0.0.1', 80)).toBeNull();
    expect(allowing.resolvedAddressProblem('::1', 9000)).toBeNull();
    expect(allowing.resolvedAddressProblem('::1', 80)).toBe(
      'the host resolves to ::1, a loopback address; list it in WEBHOOK_ALLOW_HOSTS to allow it',
    );
    expect(policy().resolvedAddressProblem('192.168.0.10', 443)).toMatch(
      /192\.168\.0\.10, a private address/,
    );
    expect(policy().resolvedAddressProblem('fe80::1', 443)).toMatch(/fe80::1, a link-local address/);
  });
});

describe('WebhookAllowList.parse', () => {
  it.each([
    ['', []],
    [' , ', []],
    ['127.0.0.1,localhost:3999,10.0.0.0/8,::1,[::1]:8080,fd00::/8,::ffff:10.0.0.0/104', []],
    ['10.0.0.0/33', ['"10.0.0.0/33" is not a valid CIDR range']],
    ['host:0', ['"host:0" has a port outside 1-65535']],
    ['host:70000', ['"host:70000" has a port outside 1-65535']],
    ['http://x', ['"http://x" is not a host, host:port or CIDR range']],
    [
      'bad host, ok.example, a@b',
      ['"bad host" is not a host, host:port or CIDR range', '"a@b" is not a host, host:port or CIDR range'],
    ],
  ])('%j → %j', (value, problems) => {
    const parsed = WebhookAllowList.parse(value);
    expect(parsed instanceof WebhookAllowList ? [] : parsed.problems).toEqual(problems);
  });

  it('reads an IPv4-mapped range as the IPv4 range it is', () => {
    expect(policy('::ffff:10.0.0.0/104').checkUrl(new URL('http://10.9.9.9/'))).toEqual(literalAllowed);
  });
});
