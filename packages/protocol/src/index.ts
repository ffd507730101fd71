export * from './control.js';
export * from './errors.js';
export * from './events.js';
export * from './limits.js';
export * from './reactions.js';
export * from './room-id.js';
export * from './schemas.js';
export * from './text.js';
