import { pageInfo, pageRequest } from './pagination';

describe(pageRequest.name, () => {
  it('defaults to page 1 of 10', () => {
    expect(pageRequest({})).toEqual({ page: 1, size: 10, offset: 0 });
  });

  it('reads page and size, with the offset they imply', () => {
    expect(pageRequest({ page: '3', size: '25' })).toEqual({ page: 3, size: 25, offset: 50 });
  });

  it('turns page ≤ 0 or not a number into 1, size ≤ 0 or not a number into 10', () => {
    for (const page of ['0', '-2', 'abc', '1.5', '', ['x']]) expect(pageRequest({ page }).page).toBe(1);
    for (const size of ['0', '-5', 'ten', '2e1']) expect(pageRequest({ size }).size).toBe(10);
  });

  it('caps size at 100', () => {
    expect(pageRequest({ size: '1000' }).size).toBe(100);
  });

  it('takes the first of repeated parameters', () => {
    expect(pageRequest({ page: ['2', '5'] }).page).toBe(2);
  });
});

describe(pageInfo.name, () => {
  it('counts pages, 0 when there are no rows', () => {
    expect(pageInfo({ page: 1, size: 10, offset: 0 }, 0)).toEqual({
      page: 1,
      size: 10,
      total: 0,
      totalPages: 0,
    });
    expect(pageInfo({ page: 2, size: 10, offset: 10 }, 21)).toEqual({
      page: 2,
      size: 10,
      total: 21,
      totalPages: 3,
    });
  });
});
