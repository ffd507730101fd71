import type { CallFeature } from '../../rtc/CallFeature';
import type { CallStoreApi } from '../../store/callStore';
import type { ControlChannels } from '../control/ControlChannels';
import type { Validators } from '../control/loadValidators';
import { type ChatWireMessage, checkDraft } from './chatMessage';
import { type ChatStoreApi, createChatStore } from './chatStore';

/**
 * Chat over the control data channels: text goes peer to peer, the server never sees it. Someone
 * who joins later gets only what is said from then on (there is nobody to keep a history).
 */
export class ChatFeature implements CallFeature {
  readonly store: ChatStoreApi = createChatStore();

  constructor(
    private readonly call: CallStoreApi,
    private readonly control: ControlChannels,
    private readonly now: () => number = Date.now,
  ) {
    control.on('chat', (peerId, message, validators) => this.receive(peerId, message, validators));
  }

  /** Sends to everyone in the call; false when the draft is empty or too long. */
  send(draft: string): boolean {
    const checked = checkDraft(draft);
    if (!checked.ok) return false;
    const message: ChatWireMessage = {
      type: 'chat',
      id: crypto.randomUUID(),
      text: checked.text,
      sentAt: this.now(),
    };
    this.control.broadcast(message);
    this.store.getState().add({
      key: `self:${message.id}`,
      from: 'self',
      name: 'You',
      text: message.text,
      at: message.sentAt,
    });
    return true;
  }

  setOpen(open: boolean): void {
    this.store.getState().setOpen(open);
  }

  toggle(): void {
    this.setOpen(!this.store.getState().open);
  }

  dispose(): void {
    this.store.getState().reset();
  }

  private receive(peerId: string, value: unknown, validators: Validators): void {
    const message = validators.parseChatMessage(value);
    // The roster is the server's word on who is who; a message cannot claim a name.
    const peer = this.call.getState().peers.get(peerId);
    if (!message || !peer) return;
    this.store.getState().add({
      key: `${peerId}:${message.id}`,
      from: peerId,
      name: peer.name,
      text: message.text,
      at: this.now(),
    });
  }
}
