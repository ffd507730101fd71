import {
  type AckResult,
  type ClientEventName,
  clientEventSchemas,
  type ErrorCode,
  fail,
} from '@parley/protocol';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Budget, SampledCount } from '../rate-limit.js';
import type { Task } from './serial.js';
import type { EventHandlers, ParleySocket, PayloadOf } from './types.js';

type Reply = (result: AckResult<unknown>) => void;

// The same schemas, seen through a mapped type so that `schemas[event]` and `handlers[event]` correlate.
const schemas: { [E in ClientEventName]: z.ZodType<PayloadOf<E>> } = clientEventSchemas;

const MESSAGE_MAX = 160;

export interface InboundDeps {
  socket: ParleySocket;
  handlers: EventHandlers;
  /** The socket's own message and byte budget. */
  budget: Budget;
  /** Size on the wire of the event being handled (see connection.ts). */
  lastPacketBytes: () => number;
  /** Counts refusals for the sampled `rate limited` warning. */
  limited: SampledCount;
  /** Every answer that is not ok, by code (metrics). */
  refused: (code: ErrorCode) => void;
  logger: Logger;
  /** Runs handler work in the socket's arrival order. */
  run: (task: Task) => void;
}

/**
 * The one gate every inbound event passes (install with `socket.onAny`): rate limit, then the
 * protocol schema, then the handler. Whatever the client sends, it never throws and the ack, if
 * the client asked for one, always gets a protocol answer.
 */
export function createInbound({
  socket,
  handlers,
  budget,
  lastPacketBytes,
  limited,
  refused,
  logger,
  run,
}: InboundDeps) {
  // Shared by every event of the socket: the per-event path allocates as little as it can.
  const reply = (ack: Reply | undefined, result: AckResult<unknown>): void => {
    if (!result.ok) refused(result.error.code);
    if (!ack) return;
    try {
      ack(result);
    } catch (error) {
      logger.warn({ err: error, sid: socket.id }, 'could not send ack');
    }
  };

  const dispatch = <E extends ClientEventName>(name: E, payload: unknown, ack: Reply | undefined): void => {
    const parsed = schemas[name].safeParse(payload);
    if (!parsed.success) {
      reply(ack, fail('invalid_payload', describe(parsed.error)));
      return;
    }
    const handler = handlers[name];
    const failed = (error: unknown) => {
      logger.error({ err: error, sid: socket.id, event: name }, 'handler failed');
      reply(ack, fail('internal_error', 'Something went wrong on the server.'));
    };
    run(() => {
      try {
        const answer = handler(socket, parsed.data);
        if (answer instanceof Promise) return answer.then((result) => reply(ack, result), failed);
        reply(ack, answer);
      } catch (error) {
        failed(error);
      }
    });
  };

  return (event: unknown, ...args: unknown[]): void => {
    // Socket.IO appends an ack function only when the client asked for an answer.
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as Reply) : undefined;
    try {
      if (!budget.take(lastPacketBytes())) {
        limited.add();
        reply(ack, fail('rate_limited', 'Too many messages; slow down.'));
        return;
      }
      if (!isClientEvent(event)) {
        reply(ack, fail('invalid_payload', 'Unknown event.'));
        return;
      }
      // The payload is the first argument, unless that is the ack (an event sent without one).
      dispatch(event, args[0] === ack ? undefined : args[0], ack);
    } catch (error) {
      logger.error({ err: error, sid: socket.id }, 'inbound event failed');
      reply(ack, fail('internal_error', 'Something went wrong on the server.'));
    }
  };
}

function isClientEvent(event: unknown): event is ClientEventName {
  // hasOwn, not `in`: '__proto__' and 'constructor' are not events.
  return typeof event === 'string' && Object.hasOwn(clientEventSchemas, event);
}

/** One short sentence about the first problem, e.g. `roomId: not a room id`; never zod's internals. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid payload.';
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'payload';
  const text = `${where}: ${issue.message}`;
  return text.length > MESSAGE_MAX ? `${text.slice(0, MESSAGE_MAX - 3)}...` : text;
}
