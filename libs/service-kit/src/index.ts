export { bootstrapService, createServiceApp, listenService } from './bootstrap/bootstrap-service';
export type { ServiceDefinition } from './bootstrap/bootstrap-service';
export { ServiceKitModule } from './bootstrap/service-kit.module';
export { AppConfig } from './config/app-config';
export { ConfigError, parseEnv } from './config/parse-env';
export {
  baseEnv,
  composeEnv,
  kafkaEnv,
  mailEnv,
  mongoEnv,
  portNumber,
  postgresEnv,
} from './config/env.fragments';
export type { KafkaEnv } from './config/env.fragments';
export {
  isSealed,
  KeyRing,
  KeyRingError,
  keyRingVariable,
  SEALED_PREFIX,
  SealedValueError,
} from './crypto/key-ring';
export { DomainError, domainErrors } from './http/domain-error';
export { clientKey, parseTrustProxy } from './http/client-address';
export type { TrustProxy } from './http/client-address';
export { HttpExceptionFilter } from './http/http-exception.filter';
export type { ErrorBody } from './http/http-exception.filter';
export { createValidationPipe, validateBody } from './http/validation.pipe';
export { Doc, RequestSchema, requestSchema, Trim, trimmed } from './http/request-schema';
export type { DocOptions, FirstFailure, RequestSchemaOptions } from './http/request-schema';
export { Rule } from './http/rule-schemas';
export type { RuleDefinition, RuleSchema } from './http/rule-schemas';
export { DUPLICATE_KEY, isDuplicateKey } from './database/mongo-errors';
export { backfillDocuments, createIndexesNamingClashes } from './database/mongo-backfill';
export { HealthChecks } from './health/health-checks';
export { DependencyDown, DependencyIndicator } from './health/dependency-indicator';
export { healthEnv } from './health/health.env';
export type { HealthEnv } from './health/health.env';
export { KafkaHealthIndicator } from './health/kafka.indicator';
export { KafkaConsumersHealthIndicator } from './health/kafka-consumers.indicator';
export { MongoHealthIndicator } from './health/mongo.indicator';
export { PostgresHealthIndicator } from './health/postgres.indicator';
export { SmtpHealthIndicator } from './health/smtp.indicator';
export { mongoModule } from './database/mongo';
export { postgresModule, postgresOptions } from './database/postgres';
export type { PostgresEnvValues } from './database/postgres';
export { KafkaClient } from './kafka/kafka-client';
export { KafkaModule } from './kafka/kafka.module';
export { MessagingModule } from './messaging/messaging.module';
export { Consumes } from './messaging/consumes.decorator';
export type {
  MessageContext,
  MongoMessageContext,
  MongoMessageHandler,
  PostgresMessageContext,
  PostgresMessageHandler,
} from './messaging/consumes.decorator';
export { InboxStore } from './messaging/inbox-store';
export type { InboxOutcome } from './messaging/inbox-store';
export { PostgresInbox } from './messaging/postgres/postgres-inbox';
export { idempotencyKey, MongoInbox } from './messaging/mongo/mongo-inbox';
export { PermanentMessageError, isTransient } from './messaging/message-errors';
export { outgoing } from './messaging/outgoing-message';
export type { OutgoingMessage } from './messaging/outgoing-message';
export { KafkaPublisher } from './messaging/kafka-publisher';
export type { PublishRecord } from './messaging/kafka-publisher';
export { UnitOfWork } from './messaging/postgres/unit-of-work';
export type { Transaction } from './messaging/postgres/unit-of-work';
export { PostgresOutboxRelay } from './messaging/postgres/outbox.relay';
export { CreateMessagingTables1732400000000 } from './messaging/postgres/messaging.migration';
export { AddOutboxParking1732400000020 } from './messaging/postgres/outbox-parking.migration';
export { ConsumerHost } from './messaging/consumer-host';
export type { ConsumerGroupState } from './messaging/consumer-supervisor';
export { messagingMetrics } from './messaging/messaging.metrics';
export { AuthModule } from './auth/auth.module';
export { AuthGuard, extractToken } from './auth/auth.guard';
export { JwtVerifier, TokenRejected } from './auth/jwt-verifier';
export { CurrentUser, Internal, OptionalAuth, Public, Roles } from './auth/auth.decorators';
export { authEnv, MAX_TOKEN_LIFETIME_SECONDS } from './auth/auth.env';
export {
  HttpRevocationSource,
  RevocationSource,
  revocationsBody,
  TokenRevocations,
} from './auth/token-revocations';
export type { Revocation } from './auth/token-revocations';
export type { AuthEnv } from './auth/auth.env';
export { ROLES } from './auth/auth-user';
export type { AuthUser, Role } from './auth/auth-user';
export { ErrorResponse } from './http/error-response';
export { escapeHtml, html, mailLanguage, prerendered, raw, safeUrl, slot } from './mail/html';
export type { MailLanguage } from './mail/html';
export { MailTransport } from './mail/mail.transport';
export type { MailMessage } from './mail/mail.transport';
export { DEFAULT_PAGE, DEFAULT_SIZE, MAX_SIZE, pageInfo, pageRequest } from './http/pagination';
export type { PageInfo, PageRequest } from './http/pagination';
export { PageQuery } from './http/page-query';
export { Database, isUniqueViolation, sqlState, UNIQUE_VIOLATION } from './database/sql';
export type { Sql } from './database/sql';
export { TypeOrmDatabase } from './database/typeorm-database';
export { WorkerLoop } from './workers/worker-loop';
export type { WorkerLoopOptions } from './workers/worker-loop';
export { retry } from './workers/retry';
export type { RetryOptions } from './workers/retry';
export { backoffDelay, sleep } from './workers/backoff';
export type { BackoffOptions } from './workers/backoff';
export { workerMetrics, WORKER_STATES } from './workers/worker.metrics';
export { SlotWaitTimeout, WorkSlots } from './workers/work-slots';
export { MailWorker } from './mail/durable/mail-worker';
export { collectBacklog } from './mail/durable/backlog-gauge';
export type { MailWorkerOptions } from './mail/durable/mail-worker';
export type { ClaimedEmail, MailStore } from './mail/durable/mail-store';
export { PostgresMailStore } from './mail/durable/postgres-mail.store';
export type { PostgresEmailRow } from './mail/durable/postgres-mail.store';
export { claimId, leasedAtInsert, MongoMailStore } from './mail/durable/mongo-mail.store';
export type { MongoMailDocument, MongoMailState } from './mail/durable/mongo-mail.store';
export { MailClaim, MailClaimSchema } from './mail/durable/mail-claim.schema';
export { smtpRejected } from './mail/durable/smtp-rejected';
export { RateLimiter, RateLimitStore } from './rate-limit/rate-limiter';
export type { RateLimitDecision, RateLimitHit, RateLimitOptions } from './rate-limit/rate-limiter';
export { FailureDelay } from './rate-limit/failure-delay';
export type { Attempted, AttemptOutcome, FailureDelayOptions } from './rate-limit/failure-delay';
export { MemoryRateLimitStore } from './rate-limit/memory-rate-limit.store';
export { RateLimitModule, RateLimitSweeper } from './rate-limit/rate-limit.module';
export { MongoRateLimitStore } from './rate-limit/mongo-rate-limit.store';
export {
  CreateRateLimitHits1732400000010,
  PostgresRateLimitStore,
} from './rate-limit/postgres-rate-limit.store';
