import { z } from 'zod';

/** Descriptive text the original always sends (Go marshals every field, empty or not). */
export const text = () => z.string().default('');
/** An identifying field a consumer cannot act without. */
export const required = (name: string) => z.string().trim().min(1, `${name} is required`);
export const money = () => z.number().finite().nonnegative();
