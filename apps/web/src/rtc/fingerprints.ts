/**
 * The DTLS certificate fingerprints a description commits to (`a=fingerprint:<hash> <hex>`, at
 * session or media level). Whoever applies a description with these lines accepts, for that
 * connection, only a peer holding one of these certificates: they are what a man in the middle
 * on the signaling path would have to swap.
 */

/** Both ends' fingerprints of one link, as applied on this side. */
export interface LinkKeys {
  local: readonly string[];
  remote: readonly string[];
}

const FINGERPRINT_LINE = /^a=fingerprint:(\S+)\s+([0-9A-Fa-f:]+)\s*$/gm;

/** Every distinct fingerprint in `sdp`, normalised (`sha-256 AB:CD:…`) and sorted. */
export function fingerprintsOf(sdp: string): string[] {
  const found = new Set<string>();
  for (const [, hash, hex] of sdp.matchAll(FINGERPRINT_LINE)) {
    if (hash && hex) found.add(`${hash.toLowerCase()} ${hex.toUpperCase()}`);
  }
  return [...found].sort();
}

/**
 * One certificate for all of this participant's connections, so every other participant sees the
 * same fingerprint for us and the room-wide security code is the same for everyone. Null where
 * the browser cannot make one (each connection then makes its own).
 */
export async function generateCertificate(): Promise<RTCCertificate | null> {
  if (typeof RTCPeerConnection === 'undefined' || !RTCPeerConnection.generateCertificate) return null;
  try {
    return await RTCPeerConnection.generateCertificate({
      name: 'ECDSA',
      namedCurve: 'P-256',
    } as EcKeyGenParams);
  } catch {
    return null;
  }
}
