import type { LeadRecord } from './leads.repository';

/** The lead as the API shows it: the original's fields plus attribution and `convertedAt`. */
export interface LeadView {
  id: string;
  email: string;
  converted: boolean;
  language: string;
  source?: string;
  campaign?: string;
  medium?: string;
  convertedAt?: string;
  createdAt: string;
  updatedAt: string;
}

const iso = (value: Date | undefined) => (value ? new Date(value).toISOString() : undefined);

export function toLeadView(lead: LeadRecord): LeadView {
  const createdAt = iso(lead.createdAt) ?? new Date(0).toISOString();
  return {
    id: lead.id,
    email: lead.email,
    converted: lead.converted === true,
    language: lead.language,
    ...(lead.source !== undefined && lead.source !== null ? { source: lead.source } : {}),
    ...(lead.campaign !== undefined && lead.campaign !== null ? { campaign: lead.campaign } : {}),
    ...(lead.medium !== undefined && lead.medium !== null ? { medium: lead.medium } : {}),
    ...(lead.convertedAt ? { convertedAt: iso(lead.convertedAt) } : {}),
    createdAt,
    updatedAt: iso(lead.updatedAt) ?? createdAt,
  };
}
