// Chat types the backend is gaining before the generated bindings catch up. Each is the generated
// type widened by what the Rust side now sends; once `ui/src/bindings/index.ts` is regenerated
// they reduce to the generated types and can be inlined.
import type { ChatRequest, StoredMessage, TurnOutcome } from '../bindings';

/** How a turn ended; `endedEarly`: the stream ended without the model's stop (maybe incomplete). */
export type Outcome = TurnOutcome | 'endedEarly';

/** A chat request naming the conversation it belongs to, so the backend can record a turn cut
 * short by quitting in that conversation. */
export type TurnRequest = ChatRequest & { conversationId?: string | null };

/** A message's outcome, read with the outcomes the bindings do not list yet. */
export function outcomeOf(message: StoredMessage): Outcome | null {
  return message.outcome as Outcome | null;
}
