import { requestFraming } from './request-framing';

describe('requestFraming', () => {
  it.each([
    ['no framing header', '1.1', ['Host', 'x'], { kind: 'none' }],
    ['a Content-Length', '1.1', ['Content-Length', '12'], { kind: 'length', bytes: 12 }],
    ['Content-Length 0', '1.0', ['content-length', '0'], { kind: 'length', bytes: 0 }],
    ['chunked, any case', '1.1', ['transfer-encoding', ' Chunked '], { kind: 'chunked' }],
  ])('reads %s', (_name, version, raw, framing) => {
    expect(requestFraming(version, raw)).toEqual(framing);
  });

  it.each([
    ['Transfer-Encoding with Content-Length', '1.1', ['Transfer-Encoding', 'chunked', 'Content-Length', '3'], /both/],
    ['Transfer-Encoding in HTTP/1.0', '1.0', ['Transfer-Encoding', 'chunked'], /HTTP\/1\.0/],
    ['a coding before chunked', '1.1', ['Transfer-Encoding', 'gzip, chunked'], /"gzip, chunked": only "chunked"/],
    ['codings split over two headers', '1.1', ['Transfer-Encoding', 'gzip', 'Transfer-Encoding', 'chunked'], /only "chunked"/],
    ['chunked twice', '1.1', ['Transfer-Encoding', 'chunked', 'Transfer-Encoding', 'chunked'], /only "chunked"/],
    ['an empty Transfer-Encoding', '1.1', ['Transfer-Encoding', ' '], /only "chunked"/],
    ['two Content-Lengths', '1.1', ['Content-Length', '3', 'Content-Length', '3'], /not one whole number/],
    ['a Content-Length list', '1.1', ['Content-Length', '3, 3'], /not one whole number/],
    ['a signed Content-Length', '1.1', ['Content-Length', '+3'], /not one whole number/],
    ['a Content-Length past 2^53', '1.1', ['Content-Length', '99999999999999999999'], /not one whole number/],
  ])('finds %s faulty', (_name, version, raw, reason) => {
    expect(requestFraming(version, raw)).toEqual({ kind: 'faulty', reason: expect.stringMatching(reason) });
  });
});
