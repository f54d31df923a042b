/**
 * payments' consumer groups: the original's names (`group-payment-created`, ...) and ours, each
 * renamable by KAFKA_GROUP_PREFIX (several deployments on one cluster).
 */
export const prefixedGroup = (name: string) => (env: Record<string, unknown>) =>
  `${typeof env.KAFKA_GROUP_PREFIX === 'string' ? env.KAFKA_GROUP_PREFIX : ''}${name}`;
