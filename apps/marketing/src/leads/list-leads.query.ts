import { pageRequest } from '@event-tickets/service-kit';
import { Injectable } from '@nestjs/common';
import { toLeadView, type LeadView } from './lead.view';
import { type LeadFilter, LeadsRepository } from './leads.repository';

/** Query: a page of leads, newest first, and how many match in all. */
@Injectable()
export class ListLeadsQuery {
  constructor(private readonly leads: LeadsRepository) {}

  async execute(
    query: LeadFilter & { page?: unknown; size?: unknown },
  ): Promise<{ leads: LeadView[]; total: number }> {
    const { offset, size } = pageRequest(query);
    const filter: LeadFilter = { converted: query.converted, source: query.source, campaign: query.campaign };
    const { rows, total } = await this.leads.page(filter, offset, size);
    return { leads: rows.map(toLeadView), total };
  }
}
