import { Logger } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import { backoffDelay, type BackoffOptions } from '../workers/backoff';
import { messagingMetrics } from './messaging.metrics';

/** What the supervisor uses of a kafkajs consumer (a fake in unit tests). */
export type SupervisedKafkaConsumer = Pick<Consumer, 'on' | 'events' | 'disconnect'>;

/** One consumer group of the app: running (joined) or down, and since when. */
export interface ConsumerGroupState {
  group: string;
  running: boolean;
  /** When it last became running, or down (for a group not yet joined: when it was started). */
  since: Date;
  /** Restarts after a crash since the app started. */
  restarts: number;
}

export interface ConsumerSupervisorOptions<C extends SupervisedKafkaConsumer> {
  group: string;
  /** A fresh consumer, which kafkajs must not restart by itself (`retry.restartOnFailure` false). */
  create: () => C;
  /** Connects, subscribes and runs it. A crash while joining shows as a CRASH event, not a throw. */
  start: (consumer: C) => Promise<void>;
  /** The waits between restarts while they keep failing. */
  backoff?: BackoffOptions;
  now?: () => number;
}

const RESTART_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000 };

/**
 * Keeps one consumer group running. kafkajs restarts a crashed consumer only for errors it deems
 * retriable; after any other (INCONSISTENT_GROUP_PROTOCOL when a member with other assignment
 * protocols holds the group, an authorization error...) it disconnects and stays dead. So kafkajs
 * is told never to restart, and every crash is handled here alike: the group is marked down, the
 * dead consumer is disconnected and a fresh one started after a growing delay, until one joins.
 * Exactly one consumer per group is alive at any time; `stop()` ends it and any pending restart.
 */
export class ConsumerSupervisor<C extends SupervisedKafkaConsumer> {
  private readonly logger = new Logger(ConsumerSupervisor.name);
  private readonly now: () => number;
  private current?: C;
  private timer?: NodeJS.Timeout;
  private failures = 0;
  private stopped = false;
  private running = false;
  private since: number;
  private restarts = 0;

  constructor(private readonly options: ConsumerSupervisorOptions<C>) {
    this.now = options.now ?? Date.now;
    this.since = this.now();
    messagingMetrics.consumerUp.set({ group: options.group }, 0);
    messagingMetrics.consumerRestarts.inc({ group: options.group }, 0);
  }

  get state(): ConsumerGroupState {
    const { group } = this.options;
    return { group, running: this.running, since: new Date(this.since), restarts: this.restarts };
  }

  /** The first start: a failure to connect or subscribe is thrown (the app does not start). */
  async start(): Promise<void> {
    await this.launch();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.setRunning(false);
    await this.current?.disconnect().catch(() => undefined);
  }

  private async launch(): Promise<void> {
    const consumer = this.options.create();
    this.current = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (consumer === this.current && !this.stopped) this.joined();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // A consumer already replaced (or one stopped with the app) has nothing more to say.
      if (consumer === this.current && !this.stopped) this.crashed(consumer, payload.error);
    });
    try {
      await this.options.start(consumer);
    } finally {
      // stop() ran while this consumer was starting: it may have joined after its disconnect.
      if (this.stopped) await consumer.disconnect().catch(() => undefined);
    }
  }

  private joined() {
    if (!this.running && this.restarts > 0)
      this.logger.log(
        { group: this.options.group, downMs: this.now() - this.since, restarts: this.restarts },
        'consumer running again',
      );
    this.failures = 0;
    this.setRunning(true);
  }

  private crashed(consumer: C, error: unknown) {
    this.setRunning(false);
    this.scheduleRestart(consumer, error);
  }

  private scheduleRestart(dead: C, error: unknown) {
    if (this.stopped || this.timer) return;
    this.failures += 1;
    const delayMs = backoffDelay(this.failures, this.options.backoff ?? RESTART_BACKOFF);
    this.logger.warn(
      { group: this.options.group, err: error, failures: this.failures, restartInMs: delayMs },
      'consumer crashed, restarting it',
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.restart(dead);
    }, delayMs);
  }

  private async restart(dead: C) {
    // kafkajs disconnects a crashed consumer itself; this also covers one that failed to start.
    await dead.disconnect().catch(() => undefined);
    if (this.stopped) return;
    this.restarts += 1;
    messagingMetrics.consumerRestarts.inc({ group: this.options.group });
    try {
      await this.launch();
    } catch (error) {
      if (!this.stopped) this.scheduleRestart(this.current!, error);
    }
  }

  private setRunning(running: boolean) {
    if (running !== this.running) this.since = this.now();
    this.running = running;
    messagingMetrics.consumerUp.set({ group: this.options.group }, running ? 1 : 0);
  }
}
