import { CallFailure } from '../runtime/retry.js';

/**
 * A failed delivery (Slack, GitHub, webhook), classified for the runtime's retry engine: may it be
 * retried, and after how long does the receiver ask. Its message never carries a URL or a token.
 */
export class DeliveryError extends CallFailure {}
