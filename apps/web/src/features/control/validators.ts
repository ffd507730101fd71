/**
 * The zod schemas that check every control message before a feature uses it. zod is the largest
 * library after React, and nothing before the first control message needs it, so this module is
 * loaded on demand (loadValidators.ts): idly once the call is up, or at the latest when a message
 * arrives, which then waits for it.
 */
export { parseChatMessage } from '../chat/chatSchema';
export { fileAnswerSchema, fileCancelSchema, fileOfferSchema } from '../files/fileSchemas';
export { parseRecordingMessage } from '../recording/recordingMessage';
export { parseViewMessage } from '../view/viewMessage';
