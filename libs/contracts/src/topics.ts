/**
 * The topic catalogue. Each topic is named by an env variable whose default value is the same
 * literal, exactly as the original deployment names them. PAYMENT_FAILED_TOPIC, PAYMENT_REFUNDED_TOPIC
 * and EVENT_CANCELLED_TOPIC are new, named in the original's style.
 */
export const TOPIC_VARIABLES = [
  'PAYMENT_CREATED_TOPIC',
  'TRANSACTION_CREATED_TOPIC',
  'TRANSACTION_SUCCEEDED_TOPIC',
  'TRANSACTION_FAILED_TOPIC',
  'PAYMENT_SUCCEEDED_TOPIC',
  'PAYMENT_FAILED_TOPIC',
  'CLIENT_CREATED_TOPIC',
  'SEND_TICKET_TOPIC',
  'PAYMENT_REFUNDED_TOPIC',
  'EVENT_CANCELLED_TOPIC',
] as const;

export type TopicVariable = (typeof TOPIC_VARIABLES)[number];

/** The topic's name in this deployment: the env variable's value, else the original literal. */
export function topicName(variable: TopicVariable, env: Record<string, string | undefined> = {}): string {
  const value = env[variable]?.trim();
  return value ? value : variable;
}

/** Messages that can never be processed go to `<TOPIC>.DLQ`. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.DLQ`;
}
