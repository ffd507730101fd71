import { LIMITS } from '@parley/protocol/limits';
import { type FormEvent, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Icon } from '../ui/Icon';
import { VideoView } from '../ui/VideoView';
import { DevicePickers } from '../components/DevicePickers';
import { useCall, useController } from '../hooks/CallContext';
import { useDocumentTitle } from '../hooks/useDocumentTitle';

export function LobbyView({ roomId }: { roomId: string }) {
  const controller = useController();
  const s = useCall(
    useShallow((st) => ({
      name: st.name,
      media: st.media,
      camera: st.camera,
      cameraProblem: st.cameraProblem,
      microphoneProblem: st.microphoneProblem,
      phase: st.phase,
      problem: st.problem,
      door: st.door,
      passwordNeeded: st.passwordNeeded,
    })),
  );
  const nameId = useId();
  const passwordId = useId();
  const [password, setPassword] = useState('');
  useDocumentTitle(`Join ${roomId} · Parley`);
  const joining = s.phase === 'joining';
  const nameEmpty = s.name.trim() === '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void controller.join(s.passwordNeeded ? password : undefined);
  };

  return (
    <main className="lobby">
      <section className="lobby__preview" aria-label="Preview">
        <div className="preview">
          {s.camera ? (
            <VideoView stream={s.camera} local mirrored label="Your camera preview" />
          ) : (
            <div className="preview__off">
              <Icon name="cameraOff" size={32} />
              <span>{s.cameraProblem ? 'Camera unavailable' : 'Camera is off'}</span>
            </div>
          )}
          <div className="preview__toggles">
            <button
              type="button"
              className={`control control--round${s.media.audio ? '' : ' control--off'}`}
              aria-pressed={s.media.audio}
              onClick={() => void controller.setLobbyDevice('microphone', !s.media.audio)}
            >
              <Icon name={s.media.audio ? 'mic' : 'micOff'} />
              <span className="visually-hidden">Microphone</span>
            </button>
            <button
              type="button"
              className={`control control--round${s.media.video ? '' : ' control--off'}`}
              aria-pressed={s.media.video}
              onClick={() => void controller.setLobbyDevice('camera', !s.media.video)}
            >
              <Icon name={s.media.video ? 'camera' : 'cameraOff'} />
              <span className="visually-hidden">Camera</span>
            </button>
          </div>
        </div>
        {[s.cameraProblem, s.microphoneProblem].map(
          (problem, i) =>
            problem && (
              <div className="notice notice--warning" role="alert" key={i === 0 ? 'camera' : 'microphone'}>
                <p>{problem.message}</p>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void controller.setLobbyDevice(i === 0 ? 'camera' : 'microphone', true)}
                >
                  Try again
                </button>
              </div>
            ),
        )}
      </section>

      <section className="lobby__form" aria-labelledby="lobby-title">
        <h1 id="lobby-title">Ready to join?</h1>
        <p className="muted">
          Room <strong className="room-id">{roomId}</strong>
        </p>
        <form onSubmit={submit} className="stack">
          <div className="field">
            <label htmlFor={nameId}>Your name</label>
            <input
              id={nameId}
              type="text"
              value={s.name}
              maxLength={LIMITS.NAME_MAX}
              autoComplete="name"
              placeholder="How others will see you"
              required
              onChange={(e) => controller.setName(e.currentTarget.value)}
            />
          </div>
          {s.passwordNeeded && (
            <div className="field">
              <label htmlFor={passwordId}>Room password</label>
              <input
                id={passwordId}
                type="password"
                value={password}
                maxLength={128}
                autoComplete="off"
                aria-invalid={s.problem?.reason === 'password' && password !== '' ? true : undefined}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
            </div>
          )}
          <DevicePickers />
          {s.problem && (
            <div className="notice notice--error" role="alert">
              <p>{s.problem.message}</p>
            </div>
          )}
          {s.door === 'denied' && (
            <div className="notice notice--error" role="alert">
              <p>
                The host didn't let you in. If you think that was a mistake, tell them, then press Join to ask
                again.
              </p>
            </div>
          )}
          {s.door === 'knocking' ? (
            <div className="knocking" role="status">
              <p>Asking to join…</p>
              <p className="muted small">A host of this room will let you in. Keep this page open.</p>
              <button type="button" className="button" onClick={() => controller.cancelKnock()}>
                Cancel
              </button>
            </div>
          ) : (
            <button
              type="submit"
              className="button button--primary"
              disabled={joining || nameEmpty || (s.passwordNeeded && password === '')}
              aria-busy={joining}
            >
              Join
            </button>
          )}
          <p className="muted small">
            {s.door === 'knocking'
              ? 'This room is locked.'
              : joining
                ? 'Joining…'
                : !s.media.audio && !s.media.video
                  ? 'You will join without microphone and camera, and can still see and hear everyone.'
                  : 'You can turn your microphone and camera on or off at any time.'}
          </p>
        </form>
      </section>
    </main>
  );
}
