import { Injectable } from '@nestjs/common';
import { AppConfig, isDuplicateKey } from '@event-tickets/service-kit';
import type { MarketingEnv } from '../config/marketing.env';
import { languageCode } from './lead-language';
import { leadsMetrics } from './leads.metrics';
import { LeadsRepository, type NewLead } from './leads.repository';

export interface ConvertLead {
  email: string;
  /** From the message when it has one; else LEADS_DEFAULT_LANGUAGE (for a lead created here). */
  language?: string;
  messageId: string;
}

export type ConversionOutcome = 'converted' | 'created' | 'already-converted';

const ATTEMPTS = 3;

/**
 * Command: a buyer exists (CLIENT_CREATED). An unconverted lead becomes converted; a missing one is
 * created converted. The first message to claim the buyer (a unique insert) owns the conversion: any
 * other message for that email, redelivered or concurrent, changes nothing and counts nothing. The
 * owner's writes use the claim's time and only act on a lead not converted yet, so its own
 * redelivery (after a crash half-way) finishes the job with the same values. The common cases (no
 * lead, or an unconverted one) take one write after the claim; a lead already converted, or one
 * created by POST /leads at the same moment (duplicate key), is settled step by step, trying again.
 */
@Injectable()
export class ConvertLeadUseCase {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly config: AppConfig<MarketingEnv>,
  ) {}

  async execute(command: ConvertLead): Promise<ConversionOutcome> {
    const at = await this.leads.claimConversion(command.email, command.messageId);
    if (!at) return 'already-converted';
    const lead: NewLead = {
      email: command.email,
      language: languageCode(command.language) ?? this.config.env.LEADS_DEFAULT_LANGUAGE,
      converted: true,
      origin: 'purchase',
      conversionMessageId: command.messageId,
    };
    const done = await this.leads.convertOrCreate(lead, command.messageId, at);
    if (done) return this.counted(done);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      if (await this.leads.convert(command.email, command.messageId, at)) return this.counted('converted');
      try {
        const state = await this.leads.createConverted(lead, at);
        if (state === 'created') return this.counted('created');
        if (state === 'exists-converted') return 'already-converted';
        // exists-unconverted: a form created it between our two steps; convert it on the next turn.
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    throw new Error(`lead conversion did not settle after ${ATTEMPTS} attempts`);
  }

  private counted(outcome: 'converted' | 'created'): ConversionOutcome {
    if (outcome === 'created') leadsMetrics.created.inc({ origin: 'purchase' });
    leadsMetrics.converted.inc({ via: 'purchase' });
    return outcome;
  }
}
