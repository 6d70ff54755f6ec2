import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Cloud metadata services that sit on otherwise public addresses (Azure's wire server, Alibaba's metadata); the
 * usual ones (169.254.169.254, fd00:ec2::254) already fall in link-local and unique-local ranges.
 */
const METADATA_ADDRESSES = new Set(['168.63.129.16', '100.100.100.200']);

/**
 * True for an address on the public internet: ipaddr.js names every special range (loopback, link-local, private,
 * unique-local, carrier-grade NAT, multicast, reserved, IPv4 inside IPv6 …) and leaves only public ones "unicast".
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast' && !METADATA_ADDRESSES.has(parsed.toString());
}

export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** A URL's host without the brackets of an IPv6 literal. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/u, '$1');
}

/**
 * The addresses a host name resolves to, refused when any of them is not public (unless private ones are allowed),
 * so a name that points at the local network or a cloud metadata service never receives a request.
 */
export async function resolvePublicAddresses(host: string, allowPrivate: boolean): Promise<ResolvedAddress[]> {
  const addresses = ipaddr.isValid(host)
    ? [{ address: host, family: host.includes(':') ? 6 : 4 }]
    : await lookup(host, { all: true, verbatim: true }).catch(() => {
        throw new RefusedAddressError(`${host} could not be found (its DNS lookup failed); check the address.`);
      });
  if (addresses.length === 0) throw new RefusedAddressError(`${host} does not resolve to any address.`);
  if (!allowPrivate) {
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) {
      throw new RefusedAddressError(
        `${host} resolves to ${refused.address}, a loopback, private, link-local or cloud metadata address; webhooks go to public addresses only.`,
      );
    }
  }
  return addresses;
}
