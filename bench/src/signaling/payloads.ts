import type { IceCandidate, SessionDescription } from '@parley/protocol';

// Signals shaped like a browser's: an SDP the size of a Parley offer (audio, camera, screen and a
// data channel, ~4 KB) and host candidates of the usual length. The send time rides in fields the
// server relays untouched (the SDP session id, the candidate foundation), in microseconds of the
// client process's clock, so the receiver in the same process can compute the relay latency.

const micros = () => Math.round(performance.now() * 1000);

export function description(type: 'offer' | 'answer'): SessionDescription {
  return { type, sdp: sdpText(micros(), type) };
}

export function candidate(index: number): IceCandidate {
  const port = 40_000 + (index % 20_000);
  return {
    candidate: `candidate:${micros()} 1 udp 2122260223 192.168.1.${10 + (index % 200)} ${port} typ host generation 0 ufrag Xq3v network-id 1 network-cost 10`,
    sdpMid: '0',
    sdpMLineIndex: 0,
    usernameFragment: 'Xq3v',
  };
}

/** The send time (µs) carried by a relayed description or candidate, if any. */
export function sentAt(signal: {
  description?: SessionDescription;
  candidate?: IceCandidate;
}): number | undefined {
  const text = signal.description?.sdp ?? signal.candidate?.candidate;
  const match = text === undefined ? null : /^(?:o=- |candidate:)(\d+)/m.exec(text);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** A display name carrying the send time (µs): `peer:update` has no other free-form field. */
export function stampedName(): string {
  return `t${micros()}`;
}

export function nameSentAt(name: string): number | undefined {
  const match = /^t(\d+)$/.exec(name);
  return match?.[1] ? Number(match[1]) : undefined;
}

export function latencyMs(sentMicros: number): number {
  return (micros() - sentMicros) / 1000;
}

function sdpText(session: number, type: 'offer' | 'answer'): string {
  const setup = type === 'offer' ? 'actpass' : 'active';
  const lines = [
    'v=0',
    `o=- ${session} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1 2 3',
    'a=extmap-allow-mixed',
    'a=msid-semantic: WMS',
  ];
  const common = (mid: number) => [
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:Xq3v',
    'a=ice-pwd:0f8SxVLo2Ql6GzWGo1Fh8Kp4',
    'a=ice-options:trickle',
    'a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF',
    `a=setup:${setup}`,
    `a=mid:${mid}`,
  ];
  lines.push('m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126', ...common(0));
  lines.push(
    'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
    'a=sendonly',
    'a=msid:- 6f3c1a6e-1d2b-4a53-9b7e-2f0e5c8d9a10',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=rtpmap:63 red/48000/2',
    'a=fmtp:63 111/111',
    'a=rtpmap:9 G722/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:13 CN/8000',
    'a=rtpmap:110 telephone-event/48000',
    'a=rtpmap:126 telephone-event/8000',
    'a=ssrc:3735928559 cname:q2b7RkzD0eXn1mHf',
  );
  for (const mid of [1, 2]) {
    lines.push('m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 45 46 102 103', ...common(mid));
    lines.push(
      'a=extmap:14 urn:ietf:params:rtp-hdrext:toffset',
      'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
      'a=extmap:13 urn:3gpp:video-orientation',
      'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
      'a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
      'a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type',
      'a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing',
      'a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space',
      'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
      'a=sendonly',
      `a=msid:- 9c1d7e42-5b3a-4f60-8e21-7a4d0c6b${mid}f3e`,
      'a=rtcp-mux',
      'a=rtcp-rsize',
      'a=rtpmap:96 VP8/90000',
      'a=rtcp-fb:96 goog-remb',
      'a=rtcp-fb:96 transport-cc',
      'a=rtcp-fb:96 ccm fir',
      'a=rtcp-fb:96 nack',
      'a=rtcp-fb:96 nack pli',
      'a=rtpmap:97 rtx/90000',
      'a=fmtp:97 apt=96',
      'a=rtpmap:98 VP9/90000',
      'a=rtcp-fb:98 goog-remb',
      'a=rtcp-fb:98 transport-cc',
      'a=rtcp-fb:98 ccm fir',
      'a=rtcp-fb:98 nack',
      'a=rtcp-fb:98 nack pli',
      'a=fmtp:98 profile-id=0',
      'a=rtpmap:99 rtx/90000',
      'a=fmtp:99 apt=98',
      'a=rtpmap:100 H264/90000',
      'a=rtcp-fb:100 goog-remb',
      'a=rtcp-fb:100 transport-cc',
      'a=rtcp-fb:100 nack pli',
      'a=fmtp:100 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      'a=rtpmap:101 rtx/90000',
      'a=fmtp:101 apt=100',
      'a=rtpmap:45 AV1/90000',
      'a=rtcp-fb:45 goog-remb',
      'a=rtcp-fb:45 transport-cc',
      'a=rtpmap:46 rtx/90000',
      'a=fmtp:46 apt=45',
      'a=rtpmap:102 red/90000',
      'a=rtpmap:103 ulpfec/90000',
      `a=ssrc-group:FID ${2_000_000 + mid} ${3_000_000 + mid}`,
      `a=ssrc:${2_000_000 + mid} cname:q2b7RkzD0eXn1mHf`,
      `a=ssrc:${3_000_000 + mid} cname:q2b7RkzD0eXn1mHf`,
    );
  }
  lines.push('m=application 9 UDP/DTLS/SCTP webrtc-datachannel', ...common(3));
  lines.push('a=sctp-port:5000', 'a=max-message-size:262144');
  return `${lines.join('\r\n')}\r\n`;
}
