import { Injectable } from '@nestjs/common';
import { toLeadView, type LeadView } from './lead.view';
import { leadNotFound } from './leads.errors';
import { LeadsRepository } from './leads.repository';

/** Query: one lead by email, whatever its case. */
@Injectable()
export class GetLeadQuery {
  constructor(private readonly leads: LeadsRepository) {}

  async execute(email: string): Promise<LeadView> {
    const lead = await this.leads.findByEmail(email);
    if (!lead) throw leadNotFound(email);
    return toLeadView(lead);
  }
}
