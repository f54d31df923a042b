import { pageRequest } from './pagination';

describe(pageRequest.name, () => {
  it('defaults to the first page of 10', () => {
    expect(pageRequest({})).toEqual({ page: 1, size: 10, offset: 0 });
  });

  it('reads page and size', () => {
    expect(pageRequest({ page: '3', size: '20' })).toEqual({ page: 3, size: 20, offset: 40 });
  });

  it('caps the size at 100', () => {
    expect(pageRequest({ size: '101' }).size).toBe(100);
    expect(pageRequest({ size: '100' }).size).toBe(100);
  });

  it.each(['0', '-1', 'abc', '1.5', '', '99999999999999999999'])(
    'treats page %p as 1 and size %p as 10',
    (v) => {
      expect(pageRequest({ page: v, size: v })).toMatchObject({ page: 1, size: 10 });
    },
  );

  it('takes the first of repeated parameters', () => {
    expect(pageRequest({ page: ['2', '5'], size: ['5'] })).toEqual({ page: 2, size: 5, offset: 5 });
  });
});
