import type { CallFeature } from '../rtc/CallFeature';
import type { CallStoreApi } from '../store/callStore';
import { ChatFeature } from './chat/ChatFeature';
import { ControlChannels } from './control/ControlChannels';
import { type DeviceSwitcher, DeviceWatcher } from './devices/DeviceWatcher';
import { FileTransferFeature } from './files/FileTransferFeature';
import { RecordingFeature } from './recording/RecordingFeature';
import { SecurityCodes } from './security/SecurityCodes';
import { QualityMonitor } from './quality/QualityMonitor';
import { ActiveSpeaker } from './speaker/ActiveSpeaker';
import { type ViewHost, ViewFeature } from './view/ViewFeature';

/** The in-call features of one visit to a room, each with its own small store. */
export interface Features {
  chat: ChatFeature;
  files: FileTransferFeature;
  quality: QualityMonitor;
  speaker: ActiveSpeaker;
  devices: DeviceWatcher;
  view: ViewFeature;
  security: SecurityCodes;
  recording: RecordingFeature;
}

/** Where the features plug in: the call controller, seen only through what they need of it. */
export interface FeatureHost extends DeviceSwitcher, ViewHost {
  use(feature: CallFeature): void;
}

/**
 * Creates the features and registers those that ride on the peer connections with the
 * controller (before anyone joins). The speaker and device watchers run while the call view
 * is shown; it starts and stops them.
 */
export function createFeatures(store: CallStoreApi, controller: FeatureHost): Features {
  const control = new ControlChannels();
  const features: Features = {
    chat: new ChatFeature(store, control),
    files: new FileTransferFeature(store, control),
    quality: new QualityMonitor(store),
    speaker: new ActiveSpeaker(store),
    devices: new DeviceWatcher(store, controller),
    view: new ViewFeature(control, controller),
    security: new SecurityCodes(store),
    recording: new RecordingFeature(store, control),
  };
  controller.use(control);
  controller.use(features.chat);
  controller.use(features.files);
  controller.use(features.quality);
  controller.use(features.view);
  controller.use(features.security);
  controller.use(features.recording);
  return features;
}
