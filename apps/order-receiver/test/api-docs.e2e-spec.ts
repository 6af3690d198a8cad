import { ReceiverHarness } from './receiver-harness';

/**
 * Swagger UI and the OpenAPI document are served only when API_DOCS_ENABLED (infra turns them off
 * in prod). Off, both are unknown routes: a 404 in the API's error shape. The document is still
 * built, so a wrong method on a real route stays a 405.
 */
describe('order-receiver API docs (e2e, moto)', () => {
  describe('API_DOCS_ENABLED=false', () => {
    let sut: ReceiverHarness;
    beforeAll(async () => {
      sut = await ReceiverHarness.start({ API_DOCS_ENABLED: 'false' });
    });
    afterAll(() => sut.stop());

    it.each(['/docs', '/docs/', '/docs-json', '/docs/swagger-ui.css'])(
      'answers 404 in the error shape for %s',
      async (path) => {
        const res = await sut.anonymous.get(path).expect(404);
        expect(res.body).toMatchObject({
          statusCode: 404,
          error: 'Not Found',
          requestId: expect.any(String),
        });
        expect(res.headers['content-type']).toMatch(/^application\/json/);
      },
    );

    it('still answers 405 for a wrong method on a documented route', async () => {
      await sut.http.put('/orders/async').send({}).expect(405);
    });
  });

  describe('API_DOCS_ENABLED=true', () => {
    let sut: ReceiverHarness;
    beforeAll(async () => {
      sut = await ReceiverHarness.start({ API_DOCS_ENABLED: 'true' });
    });
    afterAll(() => sut.stop());

    it('serves Swagger UI and the document', async () => {
      expect((await sut.anonymous.get('/docs').redirects(1).expect(200)).text).toMatch(/swagger-ui/i);
      expect((await sut.anonymous.get('/docs-json').expect(200)).body).toHaveProperty('openapi');
    });
  });
});
