import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SKIP_WAITING, type SkipWaitingReply } from './contract';
import { openLatestVersion } from './serviceWorker';

// The takeover's decisions, against a stand-in for the browser's service worker container. The
// real worker and the real takeover are covered by e2e/pwa.spec.ts; what that cannot make happen
// on demand is Chromium holding a takeover back, which is the fallback tested here.

/** What the waiting worker does when asked to take over. */
type Answer = SkipWaitingReply | 'silence';

class FakeContainer extends EventTarget {
  controller = {};
  asked = 0;
  constructor(
    private readonly answer: Answer | null,
    private readonly takesOver: boolean,
  ) {
    super();
  }
  async getRegistration() {
    const answer = this.answer;
    if (answer === null) return { waiting: null };
    const waiting = {
      postMessage: (message: { type: string }, ports: FakePort[]) => {
        expect(message.type).toBe(SKIP_WAITING);
        this.asked++;
        const port = ports[0];
        if (answer === 'silence' || port === undefined) return;
        port.postMessage(answer);
        if (answer.activated && this.takesOver) {
          queueMicrotask(() => this.dispatchEvent(new Event('controllerchange')));
        }
      },
    };
    return { waiting };
  }
}

/** A channel whose two ends deliver synchronously (Node's MessageChannel is not a DOM one). */
class FakePort {
  other!: FakePort;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  postMessage(data: unknown) {
    this.other.onmessage?.({ data });
  }
}
class FakeChannel {
  port1 = new FakePort();
  port2 = new FakePort();
  constructor() {
    this.port1.other = this.port2;
    this.port2.other = this.port1;
  }
}

function install(container: FakeContainer) {
  Object.defineProperty(navigator, 'serviceWorker', { value: container, configurable: true });
}

beforeEach(() => {
  vi.stubEnv('PROD', true);
  vi.stubGlobal('MessageChannel', FakeChannel);
  vi.useFakeTimers({ toFake: ['setTimeout'] });
  sessionStorage.clear();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, 'serviceWorker');
});

describe('openLatestVersion', () => {
  it('opens the page as it is when no new version waits', async () => {
    install(new FakeContainer(null, false));
    await expect(openLatestVersion()).resolves.toBe(false);
  });

  it('opens the running version when another Parley page still uses it', async () => {
    const container = new FakeContainer({ activated: false }, false);
    install(container);
    await expect(openLatestVersion()).resolves.toBe(false);
    expect(container.asked).toBe(1);
    expect(sessionStorage.getItem('parley:updated')).toBeNull();
  });

  it('reloads into the new version once it has taken over, and marks that load as an update', async () => {
    install(new FakeContainer({ activated: true }, true));
    // jsdom does not navigate: reload() only reports "not implemented" on its virtual console.
    await expect(openLatestVersion()).resolves.toBe(true);
    expect(sessionStorage.getItem('parley:updated')).toBe('1');
  });

  it('opens the running version after 3 s when the browser holds the takeover back', async () => {
    install(new FakeContainer({ activated: true }, false));
    const opened = openLatestVersion();
    let settled = false;
    void opened.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(2_900);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    await expect(opened).resolves.toBe(false);
    expect(sessionStorage.getItem('parley:updated')).toBeNull();
  });

  it('opens the running version after 3 s when the waiting worker never answers', async () => {
    install(new FakeContainer('silence', false));
    const opened = openLatestVersion();
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(opened).resolves.toBe(false);
  });
});
