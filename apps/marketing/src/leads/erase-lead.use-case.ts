import { Injectable, Logger } from '@nestjs/common';
import { leadNotFound } from './leads.errors';
import { leadsMetrics } from './leads.metrics';
import { LeadsRepository } from './leads.repository';

/** Command: erase a lead on request (GDPR): the whole document goes; a second erase is 404. */
@Injectable()
export class EraseLeadUseCase {
  private readonly logger = new Logger(EraseLeadUseCase.name);

  constructor(private readonly leads: LeadsRepository) {}

  async execute(email: string): Promise<void> {
    const erased = await this.leads.erase(email);
    if (!erased) throw leadNotFound(email);
    leadsMetrics.erased.inc();
    this.logger.log({ leadId: erased.id }, 'lead erased');
  }
}
