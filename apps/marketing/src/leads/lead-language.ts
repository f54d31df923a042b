/** A language tag as forms send it: `pt`, `pt-BR`, `pt_br`, `en-US`, `english`. */
export const LANGUAGE_TAG = /^[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*$/;

/**
 * The code the other services use (`en`, `pt`): the tag's primary subtag in lower case, so `pt-BR`
 * and `pt` are one language in the stats. Undefined when the value is not a language tag.
 */
export function languageCode(value: string | undefined | null): string | undefined {
  const tag = value?.trim();
  if (!tag || !LANGUAGE_TAG.test(tag)) return undefined;
  return tag.split(/[-_]/)[0]!.toLowerCase();
}
