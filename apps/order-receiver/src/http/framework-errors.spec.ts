import { HttpException, HttpStatus } from '@nestjs/common';
import { createGunzip } from 'node:zlib';
import { fromFrameworkError } from './framework-errors';

const fastifyError = (code: string, statusCode: number, message = 'm') =>
  Object.assign(new Error(message), { code, statusCode });

describe(fromFrameworkError.name, () => {
  it('answers a body past the limit 413 with a message that says so', () => {
    // As Nest hands over Fastify's FST_ERR_CTP_BODY_TOO_LARGE.
    const sut = fromFrameworkError(new HttpException('Request body is too large', 413));
    expect(sut?.getStatus()).toBe(HttpStatus.PAYLOAD_TOO_LARGE);
    expect(sut?.message).toMatch(/larger than the allowed limit/);
  });

  it('answers a URL that does not decode 400', () => {
    const sut = fromFrameworkError(fastifyError('FST_ERR_BAD_URL', 400, "'/orders/%FF' is not a valid url"));
    expect(sut?.getStatus()).toBe(HttpStatus.BAD_REQUEST);
    expect(sut?.message).toMatch(/Failed to decode param/);
  });

  it('answers a body that does not inflate 400', async () => {
    const zlibError = await new Promise<Error>((resolve) => {
      const gunzip = createGunzip();
      gunzip.on('error', resolve);
      gunzip.end(Buffer.from('not gzip'));
    });
    const sut = fromFrameworkError(zlibError);
    expect(sut?.getStatus()).toBe(HttpStatus.BAD_REQUEST);
    expect(sut?.message).toMatch(/does not decompress/);
  });

  it('leaves every other error alone', () => {
    expect(fromFrameworkError(new HttpException('Conflict', 409))).toBeUndefined();
    expect(fromFrameworkError(fastifyError('FST_ERR_SOMETHING', 500))).toBeUndefined();
    expect(fromFrameworkError(new Error('boom'))).toBeUndefined();
    expect(fromFrameworkError('not an error')).toBeUndefined();
  });
});
