import { languageCode } from './lead-language';

describe(languageCode.name, () => {
  it.each([
    ['pt', 'pt'],
    ['pt-br', 'pt'],
    ['pt-BR', 'pt'],
    [' PT_br ', 'pt'],
    ['en-US', 'en'],
    ['EN', 'en'],
    ['es', 'es'],
  ])('reads %p as %p', (input, expected) => {
    expect(languageCode(input)).toBe(expected);
  });

  it.each([undefined, null, '', '   ', '-', 'pt-', 'pt br', 'português', 'a'.repeat(9)])(
    'has no code for %p',
    (input) => {
      expect(languageCode(input)).toBeUndefined();
    },
  );
});
