import { useCall } from '../../hooks/CallContext';
import { peerList } from '../../store/selectors';
import { Dialog } from '../../ui/Dialog';
import { useSecurity } from './useSecurity';

/**
 * Each participant's security code and the call's, with what a match proves and what it does
 * not. The wording is the same as the README's "Security codes".
 */
export function SecurityDialog({ onClose }: { onClose: () => void }) {
  const peers = useCall((s) => s.peers);
  const codes = useSecurity((s) => s.codes);
  const room = useSecurity((s) => s.roomCode);
  const list = peerList({ peers });
  return (
    <Dialog title="Verify security" onClose={onClose} className="dialog--wide">
      <p>
        Read these digits to each other, out loud or over another channel you trust. If they match, nobody is
        listening in between.
      </p>
      {list.length === 0 && <p>Nobody else is in the call yet.</p>}
      {list.length > 0 && (
        <dl className="codes">
          {list.map((peer) => {
            const code = codes.get(peer.peerId);
            return (
              <div key={peer.peerId} className="codes__row">
                <dt>{peer.name}</dt>
                {code ? (
                  <dd className="codes__code" data-peer-id={peer.peerId} data-security-code={code}>
                    {code}
                  </dd>
                ) : (
                  <dd className="muted">Connecting…</dd>
                )}
              </div>
            );
          })}
          {room && (
            <div className="codes__row codes__row--room">
              <dt>Whole call</dt>
              <dd className="codes__code" data-security-code={room} data-room-code="">
                {room}
              </dd>
            </div>
          )}
        </dl>
      )}
      <p className="small">
        The call code is the same for everyone when every connection in the call matches: compare it all
        together instead of pair by pair.
      </p>
      <section className="small">
        <h3 className="codes__heading">What a match proves</h3>
        <p>
          The keys encrypting your audio, video, chat and files with this person are the ones your two
          browsers made. Nobody between the two browsers swapped them: not Parley's server, which passes on
          the connection details, and not the network.
        </p>
        <h3 className="codes__heading">What it does not prove</h3>
        <ul>
          <li>That the person is who they say they are: that is for your eyes and ears.</li>
          <li>
            That their device is safe: anything on their device (or yours) that can see the screen or hear the
            sound can still record the call.
          </li>
          <li>
            That nobody knows you talked: the server still sees who joins which room and when, and the network
            sees which addresses exchange how much data.
          </li>
        </ul>
        <p className="muted">If a code changes during the call, Parley tells you: compare again.</p>
      </section>
    </Dialog>
  );
}
