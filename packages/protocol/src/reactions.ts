/** The few reactions anyone can send (a short burst over their tile). No zod: the call page imports it. */
export const REACTIONS = ['👍', '👏', '😂', '😮', '❤️', '🎉'] as const;
