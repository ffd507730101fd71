import { useShallow } from 'zustand/react/shallow';
import { useCall, useController } from '../hooks/CallContext';
import { Icon } from '../ui/Icon';

/** What a participant should know right now: the server link, blocked sound, a failed action. */
export function CallBanners() {
  const controller = useController();
  const { signaling, soundBlocked, problem, hostNotice } = useCall(
    useShallow((s) => ({
      signaling: s.signaling,
      soundBlocked: s.soundBlocked,
      problem: s.problem,
      hostNotice: s.hostNotice,
    })),
  );
  return (
    <div className="banners">
      {signaling === 'reconnecting' && (
        <div className="banner banner--warning" role="status">
          <Icon name="warning" size={18} />
          Lost the connection to the server. Reconnecting… Calls already connected keep going.
        </div>
      )}
      {soundBlocked && (
        <div className="banner" role="status">
          <Icon name="sound" size={18} />
          Your browser paused the sound of this call.
          <button
            type="button"
            className="button button--small"
            onClick={() => controller.reportSoundBlocked(false)}
          >
            Enable sound
          </button>
        </div>
      )}
      {hostNotice && (
        <div className="banner banner--warning" role="alert">
          <Icon name="micOff" size={18} />
          {hostNotice}. You can turn it back on yourself.
          <button
            type="button"
            className="button button--small"
            onClick={() => controller.dismissHostNotice()}
          >
            Dismiss
          </button>
        </div>
      )}
      {problem && (
        <div className="banner banner--error" role="alert">
          <Icon name="warning" size={18} />
          {problem.message}
          <button type="button" className="button button--small" onClick={() => controller.dismissProblem()}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
