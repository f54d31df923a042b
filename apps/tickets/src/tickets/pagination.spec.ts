import { pageOf } from './pagination';

describe('ticket list pagination', () => {
  it('defaults to the first 10', () => {
    expect(pageOf({})).toEqual({ page: 1, size: 10, skip: 0 });
  });

  it('caps the size at 100 and treats nonsense as the default', () => {
    expect(pageOf({ page: '3', size: '20' })).toEqual({ page: 3, size: 20, skip: 40 });
    expect(pageOf({ page: '0', size: '1000' })).toEqual({ page: 1, size: 100, skip: 0 });
    expect(pageOf({ page: 'x', size: '-5' })).toEqual({ page: 1, size: 10, skip: 0 });
  });
});
