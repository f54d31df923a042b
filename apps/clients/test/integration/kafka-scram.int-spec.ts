import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localScramListener, readTopic, type Received } from '@event-tickets/testing';
import {
  ourPayment,
  producePayments,
  startClientsApp,
  type ClientsTestApp,
  unique,
} from '../support/clients-app';

/**
 * The apps against a SASL/SCRAM listener, as a deployment runs them: clients consumes
 * PAYMENT_SUCCEEDED and publishes CLIENT_CREATED and SEND_TICKET through the local broker's
 * SCRAM-SHA-512 listener, with its password from a file (KAFKA_SASL_PASSWORD_FILE).
 */
describe('clients on the SCRAM-SHA-512 listener of the local Kafka', () => {
  const scram = localScramListener();
  const sasl = {
    KAFKA_BROKERS: scram.brokers,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: scram.username,
  };

  describe('with the right password', () => {
    let t: ClientsTestApp;
    beforeAll(async () => {
      t = await startClientsApp({ ...sasl, KAFKA_SASL_PASSWORD_FILE: scram.passwordFile });
    });
    afterAll(() => t?.close());

    it('consumes and publishes through it, and reports Kafka up', async () => {
      const email = unique('scram');
      await producePayments(t, [ourPayment(email)]);
      const about = (m: Received) => m.json().email === email;
      const tickets = await readTopic(t.topics.sendTicket, (ms) => ms.some(about), 60_000);
      expect(tickets.filter(about)).toHaveLength(1);
      const health = await t.call<{ info: Record<string, { status: string }> }>('GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body.info.kafka?.status).toBe('up');
    });
  });

  it('with a wrong password, refuses to start and says why', async () => {
    const wrong = join(tmpdir(), `wrong-scram-${process.pid}`);
    writeFileSync(wrong, 'not-the-password\n');
    const started = startClientsApp({ ...sasl, KAFKA_SASL_PASSWORD_FILE: wrong });
    await expect(started).rejects.toThrow(/SASL SCRAM SHA512 authentication failed.*invalid credentials/);
  }, 60_000);
});
