import { useEffect, useRef, useState } from 'react';
import { useCall } from '../../hooks/CallContext';
import { REACTION_NAMES } from './reactions';

/**
 * Says politely, to screen readers, what others show without words: a reaction, a raised hand.
 * (A visible burst over a tile carries no text of its own.)
 */
export function RoomAnnouncer() {
  const reactions = useCall((s) => s.reactions);
  const peers = useCall((s) => s.peers);
  const [text, setText] = useState('');
  const said = useRef(0);
  const hands = useRef(new Map<string, number | null>());

  useEffect(() => {
    const fresh = reactions.filter((r) => r.id > said.current && r.from !== 'self');
    if (fresh.length === 0) return;
    said.current = Math.max(...fresh.map((r) => r.id));
    setText(
      fresh
        .map((r) => `${peers.get(r.from)?.name ?? 'Someone'}: ${REACTION_NAMES[r.reaction]} ${r.reaction}`)
        .join('. '),
    );
  }, [reactions, peers]);

  useEffect(() => {
    const raised: string[] = [];
    for (const peer of peers.values()) {
      const before = hands.current.get(peer.peerId) ?? null;
      if (peer.handRaisedAt !== null && before === null) raised.push(`${peer.name} raised their hand`);
    }
    hands.current = new Map([...peers.values()].map((p) => [p.peerId, p.handRaisedAt]));
    if (raised.length > 0) setText(raised.join('. '));
  }, [peers]);

  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-room-announcer="">
      {text}
    </div>
  );
}
