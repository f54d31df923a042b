import { Injectable } from '@nestjs/common';
import type { Role } from '@event-tickets/service-kit';
import { LeadRateLimiter } from './lead-rate-limiter';
import { languageCode } from './lead-language';
import { toLeadView, type LeadView } from './lead.view';
import { convertedAdminOnly, duplicateLead } from './leads.errors';
import { leadsMetrics } from './leads.metrics';
import { LeadsRepository } from './leads.repository';

export interface CreateLead {
  email: string;
  language: string;
  converted: boolean;
  source?: string;
  campaign?: string;
  medium?: string;
  /** The caller's address key (`clientKey`: IPv6 by /64), for the rate limit. */
  client: string;
  /** The caller's role when a valid token came with the request (the route is public). */
  role?: Role;
}

/**
 * Command: a lead from a sign-up form (public, rate limited per client address). Only an admin may
 * post a converted lead: anyone else's `converted: true` would inflate the conversion figures.
 */
@Injectable()
export class CreateLeadUseCase {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly limiter: LeadRateLimiter,
  ) {}

  async execute(command: CreateLead): Promise<LeadView> {
    if (command.converted && command.role !== 'ADMIN') throw convertedAdminOnly();
    await this.limiter.hit(command.client);
    const lead = await this.leads.create({
      email: command.email,
      language: languageCode(command.language) ?? command.language,
      converted: command.converted,
      origin: 'form',
      source: command.source,
      campaign: command.campaign,
      medium: command.medium,
    });
    if (!lead) throw duplicateLead();
    leadsMetrics.created.inc({ origin: 'form' });
    if (lead.converted) leadsMetrics.converted.inc({ via: 'form' });
    return toLeadView(lead);
  }
}
