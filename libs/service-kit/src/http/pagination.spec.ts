import { pageInfo, pageRequest } from './pagination';

describe(pageRequest.name, () => {
  it('defaults to page 1 of 10', () => {
    expect(pageRequest({})).toEqual({ page: 1, size: 10, offset: 0 });
  });

  it.each([
    [{ page: '0' }, 1],
    [{ page: '-3' }, 1],
    [{ page: 'abc' }, 1],
    [{ page: '1.5' }, 1],
    [{ page: '' }, 1],
    [{ page: '99999999999999999999' }, 1],
    [{ page: '3' }, 3],
    [{ page: ['2', '5'] }, 2],
  ])('page of %j is %i', (query, page) => {
    expect(pageRequest(query).page).toBe(page);
  });

  it.each([
    [{ size: '0' }, 10],
    [{ size: '-1' }, 10],
    [{ size: 'x' }, 10],
    [{ size: '100' }, 100],
    [{ size: '101' }, 100],
    [{ size: '5000' }, 100],
    [{ size: '25' }, 25],
  ])('size of %j is %i', (query, size) => {
    expect(pageRequest(query).size).toBe(size);
  });

  it('offsets by (page − 1) · size', () => {
    expect(pageRequest({ page: '3', size: '20' }).offset).toBe(40);
  });
});

describe(pageInfo.name, () => {
  it('counts pages, 0 when there are no rows', () => {
    expect(pageInfo(pageRequest({}), 0)).toEqual({ page: 1, size: 10, total: 0, totalPages: 0 });
    expect(pageInfo(pageRequest({ size: '10' }), 10).totalPages).toBe(1);
    expect(pageInfo(pageRequest({ size: '10' }), 11).totalPages).toBe(2);
    expect(pageInfo(pageRequest({ page: '7', size: '3' }), 20)).toEqual({
      page: 7,
      size: 3,
      total: 20,
      totalPages: 7,
    });
  });
});
