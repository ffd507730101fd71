import type { CallController } from '../controller/CallController';
import type { CallStoreApi } from '../store/callStore';
import { ChatFeature } from './chat/ChatFeature';
import { ControlChannels } from './control/ControlChannels';
import { DeviceWatcher } from './devices/DeviceWatcher';
import { FileTransferFeature } from './files/FileTransferFeature';
import { QualityMonitor } from './quality/QualityMonitor';
import { ActiveSpeaker } from './speaker/ActiveSpeaker';

/** The in-call features of one visit to a room, each with its own small store. */
export interface Features {
  chat: ChatFeature;
  files: FileTransferFeature;
  quality: QualityMonitor;
  speaker: ActiveSpeaker;
  devices: DeviceWatcher;
}

/**
 * Creates the features and registers those that ride on the peer connections with the
 * controller (before anyone joins). The speaker and device watchers run while the call view
 * is shown; it starts and stops them.
 */
export function createFeatures(store: CallStoreApi, controller: CallController): Features {
  const control = new ControlChannels();
  const features: Features = {
    chat: new ChatFeature(store, control),
    files: new FileTransferFeature(store, control),
    quality: new QualityMonitor(store),
    speaker: new ActiveSpeaker(store),
    devices: new DeviceWatcher(store, controller),
  };
  controller.use(control);
  controller.use(features.chat);
  controller.use(features.files);
  controller.use(features.quality);
  return features;
}
